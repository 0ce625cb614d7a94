/**
 * The kernel aio system calls ({@link io.github.pathcheck.nativeio.aio.LinuxAio}) and the layouts of the structs
 * they read and write ({@link io.github.pathcheck.nativeio.aio.IoControlBlock}, {@link
 * io.github.pathcheck.nativeio.aio.IoEvent}, {@link io.github.pathcheck.nativeio.aio.Timespec}), for the directio
 * checker. Not part of what plugins build on: the module exports the package only so that directio reaches it
 * from a plugin class loader. Thin and allocation-free: addresses of native memory
 * as {@code long}s, the kernel's results as they come, a negative errno instead of an exception.
 */
package io.github.pathcheck.nativeio.aio;
