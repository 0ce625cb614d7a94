package io.github.pathcheck.nativeio.nvme;

import io.github.pathcheck.nativeio.Errno;
import java.util.Arrays;

/**
 * The answer to one NVMe passthrough command: either the errno of a failed {@code ioctl(2)}, or the completion's
 * status field (as Linux returns it: status code in bits 7:0, status code type in bits 10:8, and the More and Do
 * Not Retry bits, without the phase tag), its dword 0, and the data the controller returned.
 *
 * <p>An immutable value, safe to share between threads. {@link #data()} returns a copy.
 */
public final class NvmeCompletion {
  /** Status code type 3, Path Related Status. */
  public static final int SCT_PATH_RELATED = 0x3;
  /** Path related status: Asymmetric Access Persistent Loss. */
  public static final int SC_ANA_PERSISTENT_LOSS = 0x01;
  /** Path related status: Asymmetric Access Inaccessible. */
  public static final int SC_ANA_INACCESSIBLE = 0x02;
  /** Path related status: Asymmetric Access Transition. */
  public static final int SC_ANA_TRANSITION = 0x03;
  /** Path related status Linux sets itself: Host Pathing Error (the transport failed the command). */
  public static final int SC_HOST_PATH_ERROR = 0x70;
  /** Path related status Linux sets itself: Command Aborted By Host (a timeout or a reset cancelled it). */
  public static final int SC_HOST_ABORTED = 0x71;

  private static final byte[] NO_DATA = new byte[0];
  private static final int STATUS_MASK = 0x7ff;

  private final int errno;
  private final int status;
  private final int result;
  private final byte[] data;

  private NvmeCompletion(int errno, int status, int result, byte[] data) {
    this.errno = errno;
    this.status = status;
    this.result = result;
    this.data = data;
  }

  /**
   * Returns the answer of an ioctl that failed with {@code errno}, such as {@code ENOTTY} from a file or a device
   * that is no NVMe controller.
   *
   * @throws IllegalArgumentException if {@code errno} is not positive
   */
  public static NvmeCompletion ioctlFailed(int errno) {
    if (errno <= 0) {
      throw new IllegalArgumentException("errno must be positive, got " + errno);
    }
    return new NvmeCompletion(errno, 0, 0, NO_DATA);
  }

  /**
   * Returns the answer of a command the kernel completed.
   *
   * @param status the ioctl's non-negative return value: 0 for success, else the completion's status field
   * @param result the completion's dword 0
   * @param data the data returned, copied
   * @throws IllegalArgumentException if {@code status} is negative
   */
  public static NvmeCompletion completed(int status, int result, byte[] data) {
    if (status < 0) {
      throw new IllegalArgumentException("status must not be negative, got " + status);
    }
    return new NvmeCompletion(0, status, result, data.clone());
  }

  /** Returns whether the command completed with status 0. */
  public boolean isSuccess() {
    return errno == 0 && status == 0;
  }

  /** Returns whether the ioctl itself failed: no command completed. */
  public boolean isIoctlFailed() {
    return errno != 0;
  }

  /** Returns the errno of a failed ioctl, or 0. */
  public int errno() {
    return errno;
  }

  /** Returns the status field: 0 for success or a failed ioctl. */
  public int status() {
    return status;
  }

  /** Returns the status code type, bits 10:8 of the status. */
  public int statusCodeType() {
    return (status >> 8) & 0x7;
  }

  /** Returns the status code, bits 7:0 of the status. */
  public int statusCode() {
    return status & 0xff;
  }

  /** Returns whether the status is path related status {@code code} ({@link #SCT_PATH_RELATED}). */
  public boolean isPathStatus(int code) {
    return errno == 0 && statusCodeType() == SCT_PATH_RELATED && statusCode() == code;
  }

  /** Returns the completion's dword 0. */
  public int result() {
    return result;
  }

  /** Returns a copy of the data the controller returned; empty after a failure without data. */
  public byte[] data() {
    return data.clone();
  }

  /**
   * Describes the outcome in a few words for a message: {@code "succeeded"}, {@code "failed: ENOTTY
   * (Inappropriate ioctl for device)"} or {@code "failed with status 0x302 (asymmetric access
   * inaccessible)"}.
   */
  public String describe() {
    if (errno != 0) {
      return "failed: " + Errno.name(errno) + " (" + Errno.description(errno) + ")";
    }
    if (status == 0) {
      return "succeeded";
    }
    String name = statusName();
    return "failed with status 0x"
        + Integer.toHexString(status & STATUS_MASK)
        + (name.isEmpty() ? "" : " (" + name + ")");
  }

  private String statusName() {
    int sct = statusCodeType();
    int sc = statusCode();
    if (sct == 0) {
      switch (sc) {
        case 0x01:
          return "invalid opcode";
        case 0x02:
          return "invalid field";
        case 0x04:
          return "data transfer error";
        case 0x06:
          return "internal error";
        case 0x07:
          return "aborted by request";
        case 0x0b:
          return "invalid namespace or format";
        case 0x80:
          return "LBA out of range";
        default:
          return "";
      }
    }
    if (sct == 1 && sc == 0x09) {
      return "invalid log page";
    }
    if (sct == 2) {
      return "media error";
    }
    if (sct == SCT_PATH_RELATED) {
      switch (sc) {
        case SC_ANA_PERSISTENT_LOSS:
          return "asymmetric access persistent loss";
        case SC_ANA_INACCESSIBLE:
          return "asymmetric access inaccessible";
        case SC_ANA_TRANSITION:
          return "asymmetric access transition";
        case SC_HOST_PATH_ERROR:
          return "host pathing error";
        case SC_HOST_ABORTED:
          return "aborted by host";
        default:
          return "path related";
      }
    }
    return "";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NvmeCompletion)) {
      return false;
    }
    NvmeCompletion that = (NvmeCompletion) o;
    return errno == that.errno
        && status == that.status
        && result == that.result
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * errno + status) + result) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NvmeCompletion{" + describe() + ", result=0x" + Integer.toHexString(result) + ", " + data.length + " bytes}";
  }
}
