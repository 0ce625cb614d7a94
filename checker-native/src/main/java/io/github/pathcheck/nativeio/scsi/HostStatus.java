package io.github.pathcheck.nativeio.scsi;

/**
 * The host (adapter, transport) status codes of {@code struct sg_io_hdr}'s {@code host_status}, the kernel's
 * {@code DID_*} values, and the driver status codes of {@code driver_status} ({@code DRIVER_*}).
 */
public final class HostStatus {
  /** {@code DID_OK}: no error. */
  public static final int DID_OK = 0x00;
  /** {@code DID_NO_CONNECT}: the connection could not be made. */
  public static final int DID_NO_CONNECT = 0x01;
  /** {@code DID_BUS_BUSY}: the bus stayed busy through the timeout. */
  public static final int DID_BUS_BUSY = 0x02;
  /** {@code DID_TIME_OUT}: the command timed out. */
  public static final int DID_TIME_OUT = 0x03;
  /** {@code DID_BAD_TARGET}: the target is gone. */
  public static final int DID_BAD_TARGET = 0x04;
  /** {@code DID_ABORT}: the command was aborted. */
  public static final int DID_ABORT = 0x05;
  /** {@code DID_ERROR}: an internal error of the host adapter. */
  public static final int DID_ERROR = 0x07;
  /** {@code DID_SOFT_ERROR}: the low-level driver asks for a retry. */
  public static final int DID_SOFT_ERROR = 0x0b;
  /** {@code DID_TRANSPORT_DISRUPTED}: the transport was disrupted; a retry may succeed. */
  public static final int DID_TRANSPORT_DISRUPTED = 0x0e;
  /** {@code DID_TRANSPORT_FAILFAST}: the transport failed for good (fast-fail). */
  public static final int DID_TRANSPORT_FAILFAST = 0x0f;

  /** {@code DRIVER_SENSE}: the driver status bit saying sense data is present. */
  public static final int DRIVER_SENSE = 0x08;

  private HostStatus() {}
}
