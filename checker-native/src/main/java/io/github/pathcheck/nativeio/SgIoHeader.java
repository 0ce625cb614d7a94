package io.github.pathcheck.nativeio;

/**
 * The layout of the kernel's {@code struct sg_io_hdr} ({@code <scsi/sg.h>}) on the 64-bit architectures
 * pathcheck supports (LP64: x86_64, aarch64), and the SG_IO constants it is used with. Offsets in bytes; a test
 * compares them with the C compiler's {@code offsetof} and {@code sizeof}.
 *
 * <p>The struct holds pointers into memory its user allocates (the CDB and the sense buffer), so {@link
 * ScsiGeneric} writes it at these offsets into one native block rather than through a JNA {@code Structure}.
 */
final class SgIoHeader {
  /** {@code SG_IO}: send a SCSI command and wait for its answer (not an {@code _IOC} number). */
  static final long SG_IO = 0x2285;
  /** {@code SG_DXFER_NONE}: the command transfers no data. */
  static final int SG_DXFER_NONE = -1;
  /** {@code SG_DXFER_TO_DEV}: the command sends data to the device. */
  static final int SG_DXFER_TO_DEV = -2;
  /** {@code SG_DXFER_FROM_DEV}: the command reads data from the device. */
  static final int SG_DXFER_FROM_DEV = -3;
  /** The {@code interface_id} of the v3 interface, {@code 'S'}. */
  static final int INTERFACE_ID_SCSI = 'S';

  static final int INTERFACE_ID = 0; // int
  static final int DXFER_DIRECTION = 4; // int
  static final int CMD_LEN = 8; // unsigned char
  static final int MX_SB_LEN = 9; // unsigned char
  static final int IOVEC_COUNT = 10; // unsigned short
  static final int DXFER_LEN = 12; // unsigned int
  static final int DXFERP = 16; // void *
  static final int CMDP = 24; // unsigned char *
  static final int SBP = 32; // unsigned char *
  static final int TIMEOUT = 40; // unsigned int, milliseconds
  static final int FLAGS = 44; // unsigned int
  static final int PACK_ID = 48; // int
  static final int USR_PTR = 56; // void *
  static final int STATUS = 64; // unsigned char
  static final int MASKED_STATUS = 65; // unsigned char
  static final int MSG_STATUS = 66; // unsigned char
  static final int SB_LEN_WR = 67; // unsigned char
  static final int HOST_STATUS = 68; // unsigned short
  static final int DRIVER_STATUS = 70; // unsigned short
  static final int RESID = 72; // int
  static final int DURATION = 76; // unsigned int, milliseconds
  static final int INFO = 80; // unsigned int
  /** {@code sizeof(struct sg_io_hdr)}, with the tail padding to pointer alignment. */
  static final int SIZE = 88;

  private SgIoHeader() {}
}
