package io.github.pathcheck.vendors;

import java.util.Optional;

/**
 * rdac's TAS (task aborted status) setting in the Control mode page (0x0A), read from MODE SENSE(10)
 * answers with the layout of SPC-4: an 8-byte mode parameter header whose bytes 6-7 give the block descriptor
 * length, the block descriptors, then the page: page code in the low 6 bits of its byte 0, page length in byte
 * 1, TAS in bit 6 of byte 5. Stateless.
 */
final class RdacModePage {
  static final int CONTROL_PAGE = 0x0a;
  static final int ALLOCATION_LENGTH = 0xff;
  static final int TAS = 0x40;

  private static final int HEADER_LENGTH = 8;
  private static final int TAS_BYTE = 5;

  private RdacModePage() {}

  /**
   * Returns the MODE SELECT(10) parameter list that sets TAS, or empty when nothing is to be sent: TAS is set
   * already, cannot be changed, or either answer is not a Control mode page long enough to hold it.
   *
   * @param current the MODE SENSE(10) answer with current values
   * @param changeable the MODE SENSE(10) answer with changeable values
   */
  static Optional<byte[]> tasSelection(byte[] current, byte[] changeable) {
    int page = pageOffset(current);
    int changeablePage = pageOffset(changeable);
    if (page < 0 || changeablePage < 0) {
      return Optional.empty();
    }
    if ((current[page + TAS_BYTE] & TAS) != 0 || (changeable[changeablePage + TAS_BYTE] & TAS) == 0) {
      return Optional.empty();
    }
    int pageLength = 2 + (current[page + 1] & 0xff);
    byte[] list = new byte[HEADER_LENGTH + pageLength];
    System.arraycopy(current, page, list, HEADER_LENGTH, pageLength);
    list[HEADER_LENGTH] &= 0x3f; // PS is reserved in MODE SELECT
    list[HEADER_LENGTH + TAS_BYTE] |= TAS;
    return Optional.of(list);
  }

  /** Returns the offset of a whole Control mode page in a MODE SENSE(10) answer, or -1. */
  private static int pageOffset(byte[] data) {
    if (data.length < HEADER_LENGTH) {
      return -1;
    }
    int page = HEADER_LENGTH + (((data[6] & 0xff) << 8) | (data[7] & 0xff));
    if (page + 2 > data.length || (data[page] & 0x3f) != CONTROL_PAGE) {
      return -1;
    }
    int pageLength = 2 + (data[page + 1] & 0xff);
    if (pageLength <= TAS_BYTE || page + pageLength > data.length) {
      return -1;
    }
    return page;
  }
}
