package io.github.pathcheck.nativeio.scsi;

import java.util.Arrays;
import java.util.Objects;

/**
 * One SCSI command to send with {@link io.github.pathcheck.nativeio.ScsiGeneric#execute}: its CDB, the
 * direction of its data transfer and the data (the length to read, or the bytes to write). Built by the
 * factories below from the CDB layouts of SPC-4 and SBC-3. An immutable value.
 */
public final class ScsiCommand {
  /** The direction of a command's data transfer ({@code dxfer_direction}). */
  public enum Direction {
    /** No data ({@code SG_DXFER_NONE}). */
    NONE,
    /** Data from the device into the host ({@code SG_DXFER_FROM_DEV}). */
    FROM_DEVICE,
    /** Data from the host to the device ({@code SG_DXFER_TO_DEV}). */
    TO_DEVICE
  }

  /** MODE SENSE page control: current values. */
  public static final int PAGE_CONTROL_CURRENT = 0;
  /** MODE SENSE page control: changeable values (a mask of the bits MODE SELECT may change). */
  public static final int PAGE_CONTROL_CHANGEABLE = 1;

  private static final byte[] NO_DATA = new byte[0];

  private final byte[] cdb;
  private final Direction direction;
  private final int readLength;
  private final byte[] dataOut;

  private ScsiCommand(byte[] cdb, Direction direction, int readLength, byte[] dataOut) {
    this.cdb = cdb;
    this.direction = direction;
    this.readLength = readLength;
    this.dataOut = dataOut;
  }

  /** TEST UNIT READY (operation code 0x00): a 6-byte CDB of zeros, no data. */
  public static ScsiCommand testUnitReady() {
    return new ScsiCommand(new byte[6], Direction.NONE, 0, NO_DATA);
  }

  /**
   * Standard INQUIRY (0x12, EVPD 0, page code 0), reading up to {@code allocationLength} bytes.
   *
   * @throws IllegalArgumentException if {@code allocationLength} is not in 1..65535
   */
  public static ScsiCommand inquiry(int allocationLength) {
    return inquiry(false, 0, allocationLength);
  }

  /**
   * INQUIRY of the vital product data page {@code page} (0x12 with EVPD 1), reading up to {@code
   * allocationLength} bytes.
   *
   * @throws IllegalArgumentException if {@code page} is not in 0..255 or {@code allocationLength} not in
   *     1..65535
   */
  public static ScsiCommand inquiryVpd(int page, int allocationLength) {
    return inquiry(true, page, allocationLength);
  }

  private static ScsiCommand inquiry(boolean evpd, int page, int allocationLength) {
    checkRange("page", page, 0, 0xff);
    checkRange("allocation length", allocationLength, 1, 0xffff);
    byte[] cdb = new byte[6];
    cdb[0] = 0x12;
    cdb[1] = (byte) (evpd ? 1 : 0);
    cdb[2] = (byte) page;
    cdb[3] = (byte) (allocationLength >> 8);
    cdb[4] = (byte) allocationLength;
    return new ScsiCommand(cdb, Direction.FROM_DEVICE, allocationLength, NO_DATA);
  }

  /**
   * READ(10) (0x28) of {@code blocks} logical blocks from {@code lba}, reading {@code length} bytes (the
   * blocks times the device's block size).
   *
   * @throws IllegalArgumentException if {@code lba} is not in 0..2^32-1, {@code blocks} not in 1..65535, or
   *     {@code length} not positive
   */
  public static ScsiCommand read10(long lba, int blocks, int length) {
    if (lba < 0 || lba > 0xffffffffL) {
      throw new IllegalArgumentException("READ(10) LBA must be in 0..4294967295, got " + lba);
    }
    checkRange("transfer length", blocks, 1, 0xffff);
    checkRange("data length", length, 1, Integer.MAX_VALUE);
    byte[] cdb = new byte[10];
    cdb[0] = 0x28;
    cdb[2] = (byte) (lba >> 24);
    cdb[3] = (byte) (lba >> 16);
    cdb[4] = (byte) (lba >> 8);
    cdb[5] = (byte) lba;
    cdb[7] = (byte) (blocks >> 8);
    cdb[8] = (byte) blocks;
    return new ScsiCommand(cdb, Direction.FROM_DEVICE, length, NO_DATA);
  }

  /**
   * MODE SENSE(10) (0x5A) of mode page {@code page}, subpage 0, current values (page control 0), reading up to
   * {@code allocationLength} bytes.
   *
   * @param disableBlockDescriptors DBD: ask for no block descriptors
   * @throws IllegalArgumentException if {@code page} is not in 0..63 or {@code allocationLength} not in
   *     1..65535
   */
  public static ScsiCommand modeSense10(int page, boolean disableBlockDescriptors, int allocationLength) {
    return modeSense10(page, PAGE_CONTROL_CURRENT, disableBlockDescriptors, allocationLength);
  }

  /**
   * MODE SENSE(10) (0x5A) of mode page {@code page}, subpage 0, with page control {@code pageControl} (0
   * current, 1 changeable, 2 default, 3 saved values), reading up to {@code allocationLength} bytes.
   *
   * @param disableBlockDescriptors DBD: ask for no block descriptors
   * @throws IllegalArgumentException if {@code page} is not in 0..63, {@code pageControl} not in 0..3 or {@code
   *     allocationLength} not in 1..65535
   */
  public static ScsiCommand modeSense10(
      int page, int pageControl, boolean disableBlockDescriptors, int allocationLength) {
    checkRange("page control", pageControl, 0, 3);
    checkRange("mode page", page, 0, 0x3f);
    checkRange("allocation length", allocationLength, 1, 0xffff);
    byte[] cdb = new byte[10];
    cdb[0] = 0x5a;
    cdb[1] = (byte) (disableBlockDescriptors ? 0x08 : 0);
    cdb[2] = (byte) ((pageControl << 6) | page);
    cdb[7] = (byte) (allocationLength >> 8);
    cdb[8] = (byte) allocationLength;
    return new ScsiCommand(cdb, Direction.FROM_DEVICE, allocationLength, NO_DATA);
  }

  /**
   * MODE SELECT(10) (0x55) writing {@code parameterList} (a mode parameter header of 8 bytes, block
   * descriptors and mode pages).
   *
   * @param pageFormat PF: the pages follow the page format of SPC
   * @param savePages SP: the device saves the pages
   * @throws IllegalArgumentException if {@code parameterList} is empty or longer than 65535 bytes
   */
  public static ScsiCommand modeSelect10(byte[] parameterList, boolean pageFormat, boolean savePages) {
    checkRange("parameter list length", parameterList.length, 1, 0xffff);
    byte[] cdb = new byte[10];
    cdb[0] = 0x55;
    cdb[1] = (byte) ((pageFormat ? 0x10 : 0) | (savePages ? 0x01 : 0));
    cdb[7] = (byte) (parameterList.length >> 8);
    cdb[8] = (byte) parameterList.length;
    return new ScsiCommand(cdb, Direction.TO_DEVICE, 0, parameterList.clone());
  }

  private static void checkRange(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + value);
    }
  }

  /** Returns a copy of the CDB. */
  public byte[] cdb() {
    return cdb.clone();
  }

  /** Returns the direction of the data transfer. */
  public Direction direction() {
    return direction;
  }

  /**
   * Returns the number of bytes of the data transfer: the most the device may send for {@link
   * Direction#FROM_DEVICE}, the length of {@link #dataOut()} for {@link Direction#TO_DEVICE}, 0 for {@link
   * Direction#NONE}.
   */
  public int dataLength() {
    return direction == Direction.TO_DEVICE ? dataOut.length : readLength;
  }

  /** Returns a copy of the bytes sent to the device; empty unless the direction is {@link Direction#TO_DEVICE}. */
  public byte[] dataOut() {
    return dataOut.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ScsiCommand)) {
      return false;
    }
    ScsiCommand that = (ScsiCommand) o;
    return Arrays.equals(cdb, that.cdb)
        && direction == that.direction
        && readLength == that.readLength
        && Arrays.equals(dataOut, that.dataOut);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(cdb), direction, readLength, Arrays.hashCode(dataOut));
  }

  @Override
  public String toString() {
    StringBuilder hex = new StringBuilder();
    for (byte b : cdb) {
      hex.append(String.format("%02x", b & 0xff));
    }
    return "ScsiCommand{cdb=" + hex + ", " + direction + ", " + dataLength() + " bytes}";
  }
}
