package com.example.outside.resetnull;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

/** A correct synchronous checker written from the README: reads the first 512 bytes of the path. */
public final class BlockReadProvider implements CheckerProvider {
  static final CheckResult SHORT = CheckResult.of(PathState.DOWN, " read a short block");
  static final CheckResult FAILED = CheckResult.of(PathState.DOWN, " cannot read the device");

  @Override
  public String name() {
    return "resetnull";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new BlockReadClass(classOptions);
  }

  static final class BlockReadClass extends AbstractCheckerClass {
    BlockReadClass(Map<String, String> classOptions) {
      super("resetnull", classOptions, Set.of());
    }

    volatile ArrayBlockingQueue<ByteBuffer> buffers = new ArrayBlockingQueue<>(64);

    @Override
    protected void onReset() {
      buffers = null;
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new BlockReadChecker(this, device);
    }
  }

  static final class BlockReadChecker extends AbstractChecker {
    private final BlockReadClass owner;

    BlockReadChecker(BlockReadClass owner, PathDevice device) {
      super(owner, device);
      this.owner = owner;
    }

    @Override
    protected CheckResult probe() {
      try (FileChannel channel = FileChannel.open(device().path(), StandardOpenOption.READ)) {
        ByteBuffer block = owner.buffers.poll();
        block = block == null ? ByteBuffer.allocate(512) : block.clear();
        int read = channel.read(block, 0);
        owner.buffers.offer(block);
        return read == 512 ? CheckResult.UP : SHORT;
      } catch (IOException e) {
        return FAILED;
      }
    }
  }
}
