/**
 * A thin io_uring binding for passthrough commands: {@link io.github.pathcheck.nativeio.uring.IoUring}, a ring
 * of 128-byte entries and 32-byte completions set up with the raw system calls and mapped into the process,
 * and {@link io.github.pathcheck.nativeio.nvme.NvmeUringCmd}, the NVMe command such an entry carries. Checkers
 * use it to send NVMe admin commands without blocking a thread; the NVMe driver takes them on a controller's
 * character device since Linux 6.1.
 */
package io.github.pathcheck.nativeio.uring;
