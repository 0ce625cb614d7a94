package io.github.pathcheck.nativeio.nvme;

import java.io.ByteArrayOutputStream;

/** Builds ANA log pages byte by byte, as a controller returns them, for the decoder's tests. */
final class AnaLogPages {
  private final ByteArrayOutputStream groups = new ByteArrayOutputStream();
  private final long changeCount;
  private int groupCount;

  AnaLogPages(long changeCount) {
    this.changeCount = changeCount;
  }

  /** Adds a group descriptor. */
  AnaLogPages group(int id, int stateCode, long groupChangeCount, int... nsids) {
    le(groups, id, 4);
    le(groups, nsids.length, 4);
    le(groups, groupChangeCount, 8);
    groups.write(stateCode);
    groups.writeBytes(new byte[15]);
    for (int nsid : nsids) {
      le(groups, nsid, 4);
    }
    groupCount++;
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    le(page, changeCount, 8);
    le(page, groupCount, 2);
    page.writeBytes(new byte[6]);
    page.writeBytes(groups.toByteArray());
    return page.toByteArray();
  }

  private static void le(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
