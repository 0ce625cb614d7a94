/**
 * multipath-tools' SCSI vendor checkers: {@link io.github.pathcheck.vendors.HpSwCheckerProvider hp_sw}, {@link
 * io.github.pathcheck.vendors.RdacCheckerProvider rdac} and {@link
 * io.github.pathcheck.vendors.EmcClariionCheckerProvider emc_clariion}.
 */
package io.github.pathcheck.vendors;
