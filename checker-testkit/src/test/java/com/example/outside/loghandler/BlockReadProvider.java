package com.example.outside.loghandler;

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
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A correct synchronous checker written from the README: reads the first 512 bytes of the path. */
public final class BlockReadProvider implements CheckerProvider {
  static final CheckResult SHORT = CheckResult.of(PathState.DOWN, " read a short block");
  static final CheckResult FAILED = CheckResult.of(PathState.DOWN, " cannot read the device");

  @Override
  public String name() {
    return "loghandler";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new BlockReadClass(classOptions);
  }

  static final class BlockReadClass extends AbstractCheckerClass {
    BlockReadClass(Map<String, String> classOptions) {
      super("loghandler", classOptions, Set.of());
      Logger.getLogger("").addHandler(new DebugHandler());
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new BlockReadChecker(this, device);
    }
  }

  /** Keeps the last debug record. */
  static final class DebugHandler extends Handler {
    volatile LogRecord last;

    @Override
    public void publish(LogRecord record) {
      last = record;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  static final class BlockReadChecker extends AbstractChecker {
    BlockReadChecker(BlockReadClass owner, PathDevice device) {
      super(owner, device);
    }

    @Override
    protected CheckResult probe() {
      try (FileChannel channel = FileChannel.open(device().path(), StandardOpenOption.READ)) {
        return channel.read(ByteBuffer.allocate(512), 0) == 512 ? CheckResult.UP : SHORT;
      } catch (IOException e) {
        return FAILED;
      }
    }
  }
}
