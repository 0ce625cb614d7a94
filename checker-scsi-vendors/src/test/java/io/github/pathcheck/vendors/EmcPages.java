package io.github.pathcheck.vendors;

/** VPD page 0xC0 (the path unit report) as a CLARiiON storage processor lays it out. */
final class EmcPages {
  private EmcPages() {}

  /** A healthy bound LU's page: {@code state} in byte 4 (2 active, 1 passive), WWN bytes all {@code wwn}. */
  static byte[] page(int state, int wwn) {
    byte[] page = new byte[128];
    page[1] = (byte) 0xc0;
    page[3] = 124;
    page[4] = (byte) state;
    for (int i = 10; i < 26; i++) {
      page[i] = (byte) wwn;
    }
    page[27] = 3;
    page[28] = 4;
    page[30] = 0x04;
    return page;
  }

  /** {@link #page} with byte {@code index} set to {@code value}. */
  static byte[] with(byte[] page, int index, int value) {
    byte[] copy = page.clone();
    copy[index] = (byte) value;
    return copy;
  }
}
