/**
 * The tur checker: SCSI TEST UNIT READY through {@code SG_IO}. Start at {@link
 * io.github.pathcheck.tur.TurCheckerProvider}; its messages are in {@link io.github.pathcheck.tur.TurMessages}.
 */
package io.github.pathcheck.tur;
