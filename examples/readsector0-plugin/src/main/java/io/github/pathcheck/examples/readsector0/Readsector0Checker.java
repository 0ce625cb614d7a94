package io.github.pathcheck.examples.readsector0;

import com.sun.nio.file.ExtendedOpenOption;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * A readsector0 checker for one path; see {@link Readsector0CheckerProvider}. Called by one thread at a time,
 * as the SPI says; {@link #free()} may come from any thread (an unload), so the fields another thread reads
 * are volatile.
 */
final class Readsector0Checker implements Checker {
  private final Readsector0CheckerClass checkerClass;
  private final PathDevice device;
  /** Direct, aligned to and as long as the block read: what an {@code O_DIRECT} read needs. */
  private final ByteBuffer block;

  private volatile PathState last = PathState.UNCHECKED;
  private volatile String message = CheckerMessages.NONE;
  private volatile String freedBy; // null while live

  Readsector0Checker(Readsector0CheckerClass checkerClass, PathDevice device, int blockSize) {
    this.checkerClass = checkerClass;
    this.device = device;
    this.block = ByteBuffer.allocateDirect(2 * blockSize).alignedSlice(blockSize).limit(blockSize).slice();
  }

  @Override
  public PathState check() {
    requireLive();
    if (device.fd() < 0) {
      return answer(PathState.WILD, CheckerMessages.NO_USABLE_FD);
    }
    checkerClass.readStarting(device.path());
    try {
      return readSector0();
    } finally {
      checkerClass.readEnded();
    }
  }

  /** Reads the first block once: up if it all came back, down otherwise. */
  private PathState readSector0() {
    FileChannel channel;
    try {
      channel = FileChannel.open(device.path(), StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (AccessDeniedException e) {
      return answer(PathState.UNCHECKED, CheckerMessages.NO_ACCESS);
    } catch (IOException | UnsupportedOperationException e) {
      return answer(PathState.DOWN, " cannot open the device: " + reason(e));
    }
    try (channel) {
      block.clear();
      int read = channel.read(block, 0);
      return read == block.capacity()
          ? answer(PathState.UP, CheckerMessages.PATH_UP)
          : answer(PathState.DOWN, CheckerMessages.PATH_DOWN);
    } catch (ClosedByInterruptException e) {
      // The host interrupted this thread (its interrupt status stays set): not the path's fault.
      return answer(PathState.UNCHECKED, CheckerMessages.NONE);
    } catch (IOException e) {
      return answer(PathState.DOWN, CheckerMessages.PATH_DOWN);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or device";
    }
    String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : null;
    return reason != null ? reason : e.toString();
  }

  private PathState answer(PathState state, String newMessage) {
    message = newMessage;
    last = state;
    return state;
  }

  @Override
  public PathState pending() {
    requireLive();
    return last;
  }

  @Override
  public boolean needWait() {
    requireLive();
    return false;
  }

  @Override
  public String message() {
    requireLive();
    return message;
  }

  @Override
  public void free() {
    if (markFreed("was freed")) {
      checkerClass.forget(this);
    }
  }

  void freeByUnload() {
    markFreed("was freed when its class was unloaded");
  }

  private synchronized boolean markFreed(String how) {
    if (freedBy != null) {
      return false;
    }
    freedBy = how;
    return true;
  }

  private void requireLive() {
    String how = freedBy;
    if (how != null) {
      throw new IllegalStateException(
          "the readsector0 checker for " + device.path() + " " + how + "; init a new one");
    }
  }

  @Override
  public String toString() {
    return "readsector0 checker for " + device.path() + (freedBy == null ? "" : " (freed)");
  }
}
