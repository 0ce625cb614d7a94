package io.github.pathcheck.nativeio.nvme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Asymmetric Namespace Access log page (log identifier 0Ch), decoded: its change count and its group
 * descriptors, each with its state and namespace list (as read without Return Groups Only). Multi-byte fields
 * are little endian.
 *
 * <p>A page read into a buffer too short for it decodes as far as the buffer goes: {@link #isComplete()} is then
 * false, and {@link #requiredLength()} says how many bytes the groups seen so far need, so that the caller reads
 * again with a longer buffer.
 *
 * <p>An immutable value, safe to share between threads.
 */
public final class AnaLogPage {
  /** The length of the page header: change count (8 bytes), number of group descriptors (2), reserved (6). */
  public static final int HEADER_LENGTH = 16;
  /** The length of a group descriptor without its namespace list. */
  public static final int DESCRIPTOR_LENGTH = 32;

  private final long changeCount;
  private final int groupCount;
  private final List<AnaGroup> groups;
  private final long requiredLength;

  private AnaLogPage(long changeCount, int groupCount, List<AnaGroup> groups, long requiredLength) {
    this.changeCount = changeCount;
    this.groupCount = groupCount;
    this.groups = groups;
    this.requiredLength = requiredLength;
  }

  /**
   * Decodes {@code page}, as much of it as there is.
   *
   * @throws IllegalArgumentException if {@code page} is shorter than the header
   */
  public static AnaLogPage parse(byte[] page) {
    if (page.length < HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "an ANA log page has a " + HEADER_LENGTH + "-byte header, got " + page.length + " bytes");
    }
    long changeCount = u64(page, 0);
    int groupCount = u16(page, 8);
    List<AnaGroup> groups = new ArrayList<>(Math.min(groupCount, 256));
    long offset = HEADER_LENGTH;
    for (int g = 0; g < groupCount; g++) {
      if (offset + DESCRIPTOR_LENGTH > page.length) {
        offset += DESCRIPTOR_LENGTH; // the rest of this descriptor, at least
        break;
      }
      int at = (int) offset;
      int id = (int) u32(page, at);
      long nsidCount = u32(page, at + 4);
      long descriptorChangeCount = u64(page, at + 8);
      int stateCode = page[at + 16] & 0x0f;
      long end = offset + DESCRIPTOR_LENGTH + 4 * nsidCount;
      if (end > page.length) {
        offset = end;
        break;
      }
      int[] nsids = new int[(int) nsidCount];
      for (int i = 0; i < nsids.length; i++) {
        nsids[i] = (int) u32(page, at + DESCRIPTOR_LENGTH + 4 * i);
      }
      groups.add(new AnaGroup(id, stateCode, descriptorChangeCount, nsids));
      offset = end;
    }
    return new AnaLogPage(changeCount, groupCount, List.copyOf(groups), offset);
  }

  /** Returns the page's change count. */
  public long changeCount() {
    return changeCount;
  }

  /** Returns the number of group descriptors the header announces. */
  public int groupCount() {
    return groupCount;
  }

  /** Returns the group descriptors decoded, in page order: all of them when {@link #isComplete()}. */
  public List<AnaGroup> groups() {
    return groups;
  }

  /** Returns whether every descriptor the header announces was decoded. */
  public boolean isComplete() {
    return groups.size() == groupCount;
  }

  /**
   * Returns the bytes the page needs as far as it was decoded: its whole length when {@link #isComplete()}, else
   * at least one byte more than the buffer had.
   */
  public long requiredLength() {
    return requiredLength;
  }

  /** Returns the group that holds namespace {@code nsid}, among those decoded. */
  public Optional<AnaGroup> groupOf(int nsid) {
    for (AnaGroup group : groups) {
      if (group.contains(nsid)) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static long u64(byte[] b, int at) {
    return u32(b, at) | u32(b, at + 4) << 32;
  }

  @Override
  public String toString() {
    return "AnaLogPage{changeCount=" + changeCount + ", " + groups + (isComplete() ? "}" : ", incomplete}");
  }
}
