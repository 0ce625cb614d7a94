package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device made ready for directio's reads: the block to read, and what {@link #restore} gives back to the
 * host's descriptor. {@link #prepare} sets {@code O_DIRECT} on the descriptor when it was not set; {@link
 * #restore} clears it again, once the checker is freed.
 *
 * <p>Immutable; {@link #restore} may be called from any thread.
 *
 * @param device the host's device
 * @param blockSize the bytes each check reads at offset 0: the device's block size, at most {@link
 *     #MAX_BLOCK_SIZE}
 * @param fdToRestore the descriptor whose {@code O_DIRECT} was set here, or -1 when nothing was set
 * @param flagsToRestore the descriptor's status flags before {@code O_DIRECT} was set
 */
record DirectDevice(PathDevice device, int blockSize, int fdToRestore, int flagsToRestore) {
  /** The largest block the checker reads, and the block size when {@code BLKBSZGET} fails. */
  static final int MAX_BLOCK_SIZE = 4096;

  private static final Logger logger = LoggerFactory.getLogger(DirectDevice.class);

  /** Returns the preparation of a device with no descriptor: nothing to read, nothing to restore. */
  static DirectDevice withoutDescriptor(PathDevice device) {
    return new DirectDevice(device, MAX_BLOCK_SIZE, -1, 0);
  }

  /**
   * Reads the device's block size and sets {@code O_DIRECT} on its descriptor.
   *
   * @throws CheckerInitException naming the path and the fix, when the block size is 0 or the flags cannot be
   *     read or set (a file system without direct I/O); the descriptor is then unchanged
   */
  static DirectDevice prepare(AioKernel kernel, PathDevice device) throws CheckerInitException {
    int reportedBlockSize = kernel.blockSize(device);
    int blockSize = usableBlockSize(device, reportedBlockSize);
    int flags = kernel.fileStatusFlags(device);
    if (flags < 0) {
      throw new CheckerInitException(
          device.path()
              + ": directio cannot read the descriptor's flags: fcntl(F_GETFL) failed with "
              + Errno.name(-flags)
              + "; check that the device is open");
    }
    int fdToRestore = -1;
    int direct = kernel.directFlag();
    if ((flags & direct) == 0) {
      int set = kernel.setFileStatusFlags(device, flags | direct);
      if (set < 0) {
        throw new CheckerInitException(
            device.path()
                + ": directio cannot set O_DIRECT: fcntl(F_SETFL) failed with "
                + Errno.name(-set)
                + (set == -Errno.EINVAL ? directIoRefused(kernel, device) : "; check that the device is open"));
      }
      fdToRestore = device.fd();
    }
    if (reportedBlockSize < 0) {
      // multipath's MSG_DIRECTIO_BLOCKSIZE; an answer carries no init note, so it is logged, at debug level:
      // every regular file answers BLKBSZGET with ENOTTY, which is no news to a host checking files.
      logger.debug(
          "{}: directio checker{} of {} bytes (BLKBSZGET failed with {})",
          device.path(),
          DirectioMessages.BLOCKSIZE_DEFAULT,
          MAX_BLOCK_SIZE,
          Errno.name(-reportedBlockSize));
    }
    return new DirectDevice(device, blockSize, fdToRestore, flags);
  }

  /**
   * Gives the descriptor its flags back, if {@link #prepare} changed them and the device still has that
   * descriptor; a failure is logged, naming the path.
   */
  void restore(AioKernel kernel) {
    if (fdToRestore >= 0 && device.fd() == fdToRestore) {
      int restored = kernel.setFileStatusFlags(device, flagsToRestore);
      if (restored < 0) {
        logger.warn(
            "{}: directio checker could not clear O_DIRECT again: fcntl(F_SETFL) failed with {}",
            device.path(),
            Errno.name(-restored));
      }
    }
  }

  /** Returns the block size to read, from what BLKBSZGET answered (a negative errno when it failed). */
  private static int usableBlockSize(PathDevice device, int blockSize) throws CheckerInitException {
    if (blockSize < 0) {
      return MAX_BLOCK_SIZE;
    }
    if (blockSize == 0) {
      throw new CheckerInitException(
          device.path()
              + ": directio cannot check a device whose block size (BLKBSZGET) is 0; check that the"
              + " device is set up (a loop device needs a backing file)");
    }
    return Math.min(blockSize, MAX_BLOCK_SIZE);
  }

  /** Says why {@code O_DIRECT} was refused (EINVAL): the file system, or a file that has no direct I/O. */
  private static String directIoRefused(AioKernel kernel, PathDevice device) {
    String type = kernel.fileType(device);
    if (type.equals("block device") || type.equals("regular file")) {
      return "; its file system does not support direct I/O (tmpfs does not): check a block device, or a file"
          + " on a file system that supports O_DIRECT";
    }
    return "; it is a " + type + ", which has no direct I/O: directio checks block devices and regular files";
  }
}
