package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** Direct-mapped libc {@code statx(2)} (glibc 2.28 and newer), one struct layout on every architecture. */
final class StatxNative {
  static {
    Native.register(StatxNative.class, Platform.C_LIBRARY_NAME);
  }

  /** {@code AT_EMPTY_PATH}: with an empty pathname, {@code dirfd} itself is the file to describe. */
  static final int AT_EMPTY_PATH = 0x1000;

  /** {@code STATX_BASIC_STATS}: every field of {@code struct stat}. */
  static final int STATX_BASIC_STATS = 0x7ff;

  private StatxNative() {}

  /**
   * {@code int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf);}
   */
  static native int statx(int dirfd, String pathname, int flags, int mask, Statx statxbuf);

  /**
   * {@code struct statx} from {@code <linux/stat.h>}: 256 bytes, the same on every architecture.
   *
   * <p>Public only so that JNA can read its fields by reflection; nothing outside the package can name it,
   * because the enclosing class is package-private.
   */
  @FieldOrder({
    "mask", "blksize", "attributes", "nlink", "uid", "gid", "mode", "spare0", "ino", "size", "blocks",
    "attributesMask", "timestamps", "rdevMajor", "rdevMinor", "devMajor", "devMinor", "spare3"
  })
  public static final class Statx extends Structure {
    /** The C {@code sizeof(struct statx)}. */
    static final int SIZE = 256;

    public int mask; // __u32 stx_mask
    public int blksize; // __u32 stx_blksize
    public long attributes; // __u64 stx_attributes
    public int nlink; // __u32 stx_nlink
    public int uid; // __u32 stx_uid
    public int gid; // __u32 stx_gid
    public short mode; // __u16 stx_mode
    public short spare0; // __u16 __spare0[1]
    public long ino; // __u64 stx_ino
    public long size; // __u64 stx_size
    public long blocks; // __u64 stx_blocks
    public long attributesMask; // __u64 stx_attributes_mask
    public long[] timestamps = new long[8]; // struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime
    public int rdevMajor; // __u32 stx_rdev_major
    public int rdevMinor; // __u32 stx_rdev_minor
    public int devMajor; // __u32 stx_dev_major
    public int devMinor; // __u32 stx_dev_minor
    public long[] spare3 = new long[14]; // stx_mnt_id, stx_dio_*_align, __spare3[12]

    public Statx() {}
  }
}
