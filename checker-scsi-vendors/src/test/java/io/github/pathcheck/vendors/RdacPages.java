package io.github.pathcheck.vendors;

/** VPD page 0xC9 (volume access control) as an E-series controller lays it out. */
final class RdacPages {
  private RdacPages() {}

  /**
   * A 48-byte page 0xC9: peripheral byte 0, "vace" signature, the flags of byte 8, and, when {@code
   * portGroupData}, the asymmetric access state of this port (byte 10), the unavailable reason (byte 11) and
   * the alternate controller's state (byte 12).
   */
  static byte[] page(int peripheral, int flags, int state, int reason, int alternateState) {
    byte[] page = new byte[48];
    page[0] = (byte) peripheral;
    page[1] = (byte) 0xc9;
    page[3] = 44;
    page[4] = 'v';
    page[5] = 'a';
    page[6] = 'c';
    page[7] = 'e';
    page[8] = (byte) flags;
    page[10] = (byte) state;
    page[11] = (byte) reason;
    page[12] = (byte) alternateState;
    return page;
  }
}
