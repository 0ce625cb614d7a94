package io.github.pathcheck.nativeio.nvme;

import java.util.Arrays;

/**
 * One NVMe command as the kernel's passthrough ioctls take it: the opcode, the namespace identifier, command
 * dwords 10 to 15, and the length of the data the controller returns. Built by the factories for the commands
 * checkers send (Identify, Get Log Page, Read); sent with {@link NvmePassthrough}.
 *
 * <p>An immutable value, safe to share between threads and to send any number of times.
 */
public final class NvmeCommand {
  /** Admin opcode Get Log Page. */
  public static final int OPCODE_GET_LOG_PAGE = 0x02;
  /** Admin opcode Identify. */
  public static final int OPCODE_IDENTIFY = 0x06;
  /** NVM command set opcode Read. */
  public static final int OPCODE_READ = 0x02;
  /** Log identifier of the Asymmetric Namespace Access log page. */
  public static final int LOG_ANA = 0x0c;
  /** The namespace identifier that names every namespace ({@code NVME_NSID_ALL}). */
  public static final int NSID_ALL = 0xffffffff;

  private static final int IDENTIFY_LENGTH = 4096;
  private static final int CNS_NAMESPACE = 0x00;
  private static final int CNS_CONTROLLER = 0x01;
  private static final int RETAIN_ASYNCHRONOUS_EVENT = 1 << 15;

  private final int opcode;
  private final int nsid;
  private final int[] cdw10to15;
  private final int dataLength;

  private NvmeCommand(int opcode, int nsid, int[] cdw10to15, int dataLength) {
    this.opcode = opcode;
    this.nsid = nsid;
    this.cdw10to15 = cdw10to15;
    this.dataLength = dataLength;
  }

  /** Returns Identify Controller (CNS 01h): the 4096-byte controller data structure. */
  public static NvmeCommand identifyController() {
    return new NvmeCommand(OPCODE_IDENTIFY, 0, new int[] {CNS_CONTROLLER, 0, 0, 0, 0, 0}, IDENTIFY_LENGTH);
  }

  /**
   * Returns Identify Namespace (CNS 00h) of namespace {@code nsid}: the 4096-byte namespace data structure.
   *
   * @throws IllegalArgumentException if {@code nsid} is 0
   */
  public static NvmeCommand identifyNamespace(int nsid) {
    requireNamespace(nsid);
    return new NvmeCommand(OPCODE_IDENTIFY, nsid, new int[] {CNS_NAMESPACE, 0, 0, 0, 0, 0}, IDENTIFY_LENGTH);
  }

  /**
   * Returns Get Log Page of log {@code logId} for namespace {@code nsid}, {@code length} bytes from offset 0,
   * with Retain Asynchronous Event set: reading the page does not clear an event the kernel has yet to handle.
   *
   * @param logSpecificField the log specific field (LSP), 0 to 127
   * @throws IllegalArgumentException if {@code logId} is not a byte, {@code length} not a positive multiple of 4,
   *     or {@code logSpecificField} out of range
   */
  public static NvmeCommand getLogPage(int logId, int nsid, int length, int logSpecificField) {
    if (logId < 0 || logId > 0xff) {
      throw new IllegalArgumentException("log identifier must be 0 to 255, got " + logId);
    }
    if (length <= 0 || length % 4 != 0) {
      throw new IllegalArgumentException("log page length must be a positive multiple of 4, got " + length);
    }
    if (logSpecificField < 0 || logSpecificField > 0x7f) {
      throw new IllegalArgumentException("log specific field must be 0 to 127, got " + logSpecificField);
    }
    int dwordsLess1 = length / 4 - 1;
    int cdw10 = logId | logSpecificField << 8 | RETAIN_ASYNCHRONOUS_EVENT | (dwordsLess1 & 0xffff) << 16;
    int cdw11 = dwordsLess1 >>> 16;
    return new NvmeCommand(OPCODE_GET_LOG_PAGE, nsid, new int[] {cdw10, cdw11, 0, 0, 0, 0}, length);
  }

  /**
   * Returns Get Log Page of the Asymmetric Namespace Access log (0Ch), {@code length} bytes, with the namespace
   * lists of every group: what {@link AnaLogPage#parse} decodes.
   *
   * @throws IllegalArgumentException if {@code length} is not a positive multiple of 4
   */
  public static NvmeCommand anaLogPage(int length) {
    return getLogPage(LOG_ANA, NSID_ALL, length, 0);
  }

  /**
   * Returns Read of {@code blocks} logical blocks from {@code lba} of namespace {@code nsid}, whose logical
   * blocks are {@code blockSize} bytes: an I/O command.
   *
   * @throws IllegalArgumentException if {@code nsid} is 0, {@code lba} negative, {@code blocks} not 1 to 65536,
   *     or {@code blockSize} not a positive power of two
   */
  public static NvmeCommand read(int nsid, long lba, int blocks, int blockSize) {
    requireNamespace(nsid);
    if (lba < 0) {
      throw new IllegalArgumentException("logical block address must not be negative, got " + lba);
    }
    if (blocks < 1 || blocks > 0x10000) {
      throw new IllegalArgumentException("a read covers 1 to 65536 blocks, got " + blocks);
    }
    if (blockSize <= 0 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("logical block size must be a power of two, got " + blockSize);
    }
    long length = (long) blocks * blockSize;
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a read of " + length + " bytes is too long");
    }
    return new NvmeCommand(
        OPCODE_READ, nsid, new int[] {(int) lba, (int) (lba >>> 32), blocks - 1, 0, 0, 0}, (int) length);
  }

  private static void requireNamespace(int nsid) {
    if (nsid == 0) {
      throw new IllegalArgumentException("namespace identifier 0 names no namespace");
    }
  }

  /** Returns the opcode. */
  public int opcode() {
    return opcode;
  }

  /** Returns the namespace identifier, unsigned. */
  public int nsid() {
    return nsid;
  }

  /**
   * Returns command dword {@code n}, 10 to 15.
   *
   * @throws IndexOutOfBoundsException if {@code n} is not 10 to 15
   */
  public int cdw(int n) {
    if (n < 10 || n > 15) {
      throw new IndexOutOfBoundsException("command dwords 10 to 15 only, got " + n);
    }
    return cdw10to15[n - 10];
  }

  /** Returns the number of bytes the controller returns; 0 for a command without data. */
  public int dataLength() {
    return dataLength;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NvmeCommand)) {
      return false;
    }
    NvmeCommand that = (NvmeCommand) o;
    return opcode == that.opcode
        && nsid == that.nsid
        && dataLength == that.dataLength
        && Arrays.equals(cdw10to15, that.cdw10to15);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * opcode + nsid) + dataLength) + Arrays.hashCode(cdw10to15);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("NvmeCommand{opcode=0x").append(Integer.toHexString(opcode)).append(", nsid=");
    s.append(Integer.toUnsignedString(nsid));
    for (int i = 0; i < cdw10to15.length; i++) {
      if (cdw10to15[i] != 0) {
        s.append(", cdw").append(10 + i).append("=0x").append(Integer.toHexString(cdw10to15[i]));
      }
    }
    return s.append(", dataLength=").append(dataLength).append('}').toString();
  }
}
