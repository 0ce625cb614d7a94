/**
 * The NVMe layer checkers share: admin and I/O commands ({@link io.github.pathcheck.nativeio.nvme.NvmeCommand})
 * sent through the kernel's passthrough ioctls on an NVMe controller's character device ({@link
 * io.github.pathcheck.nativeio.nvme.NvmePassthrough}), their completions ({@link
 * io.github.pathcheck.nativeio.nvme.NvmeCompletion}), and the Asymmetric Namespace Access log page ({@link
 * io.github.pathcheck.nativeio.nvme.AnaLogPage}). Part of the host's checker-native, so a plugin may use it as
 * the host's own checkers do.
 */
package io.github.pathcheck.nativeio.nvme;
