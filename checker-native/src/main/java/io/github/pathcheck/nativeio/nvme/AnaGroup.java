package io.github.pathcheck.nativeio.nvme;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One ANA group descriptor of an {@link AnaLogPage}: the group's identifier, its state through the controller
 * that returned the page, its change count and the namespaces in it.
 *
 * <p>An immutable value, safe to share between threads.
 */
public final class AnaGroup {
  private final int id;
  private final int stateCode;
  private final long changeCount;
  private final int[] nsids;

  AnaGroup(int id, int stateCode, long changeCount, int[] nsids) {
    this.id = id;
    this.stateCode = stateCode;
    this.changeCount = changeCount;
    this.nsids = nsids;
  }

  /** Returns the ANA group identifier. */
  public int id() {
    return id;
  }

  /** Returns the state, or empty when the controller reported a reserved code ({@link #stateCode()}). */
  public Optional<AnaState> state() {
    return AnaState.ofCode(stateCode);
  }

  /** Returns the raw state code, bits 3:0 of the descriptor's state byte. */
  public int stateCode() {
    return stateCode;
  }

  /** Returns the group's change count. */
  public long changeCount() {
    return changeCount;
  }

  /** Returns whether namespace {@code nsid} is in this group. */
  public boolean contains(int nsid) {
    for (int n : nsids) {
      if (n == nsid) {
        return true;
      }
    }
    return false;
  }

  /** Returns the namespace identifiers of the group, a copy. */
  public int[] nsids() {
    return nsids.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AnaGroup)) {
      return false;
    }
    AnaGroup that = (AnaGroup) o;
    return id == that.id
        && stateCode == that.stateCode
        && changeCount == that.changeCount
        && Arrays.equals(nsids, that.nsids);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, stateCode, changeCount) * 31 + Arrays.hashCode(nsids);
  }

  @Override
  public String toString() {
    return "ANA group " + id + " " + state().map(AnaState::sysfsName).orElse("0x" + Integer.toHexString(stateCode))
        + " " + Arrays.toString(nsids);
  }
}
