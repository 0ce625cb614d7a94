package io.github.pathcheck.nativeio.scsi;

/**
 * The sense key, additional sense code (ASC) and qualifier (ASCQ) of SCSI sense data (SPC-4 §4.5), read from
 * either format:
 *
 * <ul>
 *   <li>descriptor format, byte 0 exactly 0x72 (current) or 0x73 (deferred): key in the low nibble of byte 1,
 *       ASC in byte 2, ASCQ in byte 3; at least 4 bytes;
 *   <li>fixed format, response code 0x70 or 0x71 (bit 7 of byte 0, VALID, ignored): key in the low nibble of
 *       byte 2, ASC in byte 12, ASCQ in byte 13; at least 14 bytes.
 * </ul>
 *
 * <p>Anything shorter or of another response code reads as {@link #NONE} (key, ASC and ASCQ 0). An immutable
 * value.
 */
public final class SenseData {
  /** No sense data that can be read: key NO SENSE, ASC and ASCQ 0. */
  public static final SenseData NONE = new SenseData(0, 0, 0);

  /** Sense key NO SENSE. */
  public static final int NO_SENSE = 0x0;
  /** Sense key RECOVERED ERROR: the command succeeded after a recovery. */
  public static final int RECOVERED_ERROR = 0x1;
  /** Sense key NOT READY. */
  public static final int NOT_READY = 0x2;
  /** Sense key MEDIUM ERROR. */
  public static final int MEDIUM_ERROR = 0x3;
  /** Sense key HARDWARE ERROR. */
  public static final int HARDWARE_ERROR = 0x4;
  /** Sense key ILLEGAL REQUEST: the command, a field or a page is not supported. */
  public static final int ILLEGAL_REQUEST = 0x5;
  /** Sense key UNIT ATTENTION. */
  public static final int UNIT_ATTENTION = 0x6;
  /** Sense key ABORTED COMMAND. */
  public static final int ABORTED_COMMAND = 0xb;

  private final int key;
  private final int asc;
  private final int ascq;

  private SenseData(int key, int asc, int ascq) {
    this.key = key;
    this.asc = asc;
    this.ascq = ascq;
  }

  /** Decodes {@code sense}, the bytes the kernel wrote ({@code sb_len_wr} of them). */
  public static SenseData of(byte[] sense) {
    if (sense.length < 4) {
      return NONE;
    }
    int responseCode = sense[0] & 0xff;
    if (responseCode == 0x72 || responseCode == 0x73) {
      return new SenseData(sense[1] & 0x0f, sense[2] & 0xff, sense[3] & 0xff);
    }
    int fixedCode = responseCode & 0x7f;
    if ((fixedCode == 0x70 || fixedCode == 0x71) && sense.length >= 14) {
      return new SenseData(sense[2] & 0x0f, sense[12] & 0xff, sense[13] & 0xff);
    }
    return NONE;
  }

  /** Returns the sense key, 0 to 15. */
  public int key() {
    return key;
  }

  /** Returns the additional sense code. */
  public int asc() {
    return asc;
  }

  /** Returns the additional sense code qualifier. */
  public int ascq() {
    return ascq;
  }

  /** Returns whether the key, ASC and ASCQ are these. */
  public boolean is(int key, int asc, int ascq) {
    return this.key == key && this.asc == asc && this.ascq == ascq;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SenseData && ((SenseData) o).is(key, asc, ascq);
  }

  @Override
  public int hashCode() {
    return (key << 16) | (asc << 8) | ascq;
  }

  @Override
  public String toString() {
    return String.format("SenseData{key=0x%x, asc=0x%02x, ascq=0x%02x}", key, asc, ascq);
  }
}
