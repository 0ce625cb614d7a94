/**
 * The ana checker for NVMe paths. Start at {@link io.github.pathcheck.nvme.AnaCheckerProvider}.
 */
package io.github.pathcheck.nvme;
