/**
 * The SCSI layer checkers share: the commands they send ({@link io.github.pathcheck.nativeio.scsi.ScsiCommand}),
 * sense data in fixed and descriptor format ({@link io.github.pathcheck.nativeio.scsi.SenseData}) and the
 * kernel's host status codes ({@link io.github.pathcheck.nativeio.scsi.HostStatus}). Commands are sent with
 * {@link io.github.pathcheck.nativeio.ScsiGeneric#execute}. Part of the host's checker-native, so a plugin may
 * use it as the host's own checkers do.
 */
package io.github.pathcheck.nativeio.scsi;
