package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Direct-mapped libc memory mappings, {@code <sys/mman.h>}: {@code mmap(2)} and {@code munmap(2)}. */
final class MmanNative {
  static final int PROT_READ = 0x1;
  static final int PROT_WRITE = 0x2;
  static final int MAP_PRIVATE = 0x02;
  /** The same on x86_64 and aarch64. */
  static final int MAP_ANONYMOUS = 0x20;
  /** {@code MAP_FAILED}, {@code (void *) -1}. */
  static final long MAP_FAILED = -1L;

  static {
    Native.register(MmanNative.class, Platform.C_LIBRARY_NAME);
  }

  private MmanNative() {}

  /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);} */
  static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

  /** {@code int munmap(void *addr, size_t length);} */
  static native int munmap(long addr, long length);
}
