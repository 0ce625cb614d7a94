package com.example.outside.rawok;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A correct synchronous checker written from the README without the SPI's base classes: it implements
 * CheckerClass and Checker itself, keeping its live set under the class's lock.
 */
public final class RawReadProvider implements CheckerProvider {
  static final CheckResult SHORT = CheckResult.of(PathState.DOWN, " read a short block");
  static final CheckResult FAILED = CheckResult.of(PathState.DOWN, " cannot read the device");

  @Override
  public String name() {
    return "rawread";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    if (!classOptions.isEmpty()) {
      throw new IllegalArgumentException("the rawread checker takes no class options, got " + classOptions.keySet());
    }
    return new RawReadClass();
  }

  static final class RawReadClass implements CheckerClass {
    private final Set<RawReadChecker> live = new HashSet<>(); // guarded by this
    private boolean unloaded; // guarded by this

    @Override
    public String name() {
      return "rawread";
    }

    @Override
    public boolean isAsyncCapable() {
      return false;
    }

    @Override
    public Checker init(PathDevice device, CheckerOptions options) {
      if (!options.properties().isEmpty()) {
        throw new IllegalArgumentException(
            "the rawread checker for " + device.path() + " takes no properties, got " + options.properties().keySet());
      }
      synchronized (this) {
        if (unloaded) {
          throw new IllegalStateException("the rawread class was unloaded");
        }
        RawReadChecker checker = new RawReadChecker(this, device);
        live.add(checker);
        return checker;
      }
    }

    @Override
    public synchronized void reset() {
      if (unloaded) {
        throw new IllegalStateException("the rawread class was unloaded");
      }
    }

    @Override
    public UnloadResult unload() {
      List<RawReadChecker> toFree;
      synchronized (this) {
        unloaded = true;
        toFree = new ArrayList<>(live);
      }
      toFree.forEach(RawReadChecker::free);
      return UnloadResult.complete();
    }

    synchronized void forget(RawReadChecker checker) {
      live.remove(checker);
    }

    synchronized boolean isUnloaded() {
      return unloaded;
    }
  }

  static final class RawReadChecker implements Checker {
    private final RawReadClass owner;
    private final PathDevice device;
    private volatile boolean freed;

    RawReadChecker(RawReadClass owner, PathDevice device) {
      this.owner = owner;
      this.device = device;
    }

    @Override
    public CheckResult check() {
      ensureLive();
      if (device.fd() < 0) {
        return CheckResult.NO_USABLE_FD;
      }
      try (FileChannel channel = FileChannel.open(device.path(), StandardOpenOption.READ)) {
        return channel.read(ByteBuffer.allocate(512), 0) == 512 ? CheckResult.UP : SHORT;
      } catch (IOException e) {
        return FAILED;
      }
    }

    @Override
    public CheckResult pending() {
      ensureLive();
      throw new IllegalStateException("the rawread checker answers every check at once");
    }

    @Override
    public boolean needWait() {
      ensureLive();
      return false;
    }

    @Override
    public void free() {
      if (freed) {
        return;
      }
      freed = true;
      owner.forget(this);
    }

    private void ensureLive() {
      if (freed || owner.isUnloaded()) {
        throw new IllegalStateException("the rawread checker for " + device.path() + " was freed");
      }
    }
  }
}
