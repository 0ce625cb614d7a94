package io.github.pathcheck.agent;

import java.nio.file.Path;

/**
 * How the agent reaches a per-controller path of native NVMe multipath ({@code nvme<s>c<c>n<n>}, a hidden disk
 * without a device node): through the controller's character device, naming the namespace, as the {@code ana}
 * checker takes it.
 *
 * @param node the controller's node, {@code /dev/nvme<c>}, which the agent opens
 * @param nsid the namespace's identifier (sysfs' {@code nsid} of the path's disk), the {@code ana} checker's
 *     property {@code nsid}
 */
record NvmeControllerPath(Path node, long nsid) {}
