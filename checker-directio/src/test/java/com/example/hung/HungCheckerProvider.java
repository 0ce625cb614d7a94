package com.example.hung;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test plugin whose check blocks, ignoring interrupts, while the file its {@code gate} property names
 * exists: a hung device as a synchronous plugin sees it.
 */
public final class HungCheckerProvider implements CheckerProvider {
  public static final String NAME = "hung";
  public static final String GATE = "gate";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new HungClass(classOptions);
  }

  static final class HungClass extends AbstractCheckerClass {
    HungClass(Map<String, String> classOptions) {
      super(NAME, classOptions, Set.of());
    }

    @Override
    protected Set<String> acceptedProperties() {
      return Set.of(GATE);
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new HungChecker(this, device, Path.of(options.property(GATE, "/nonexistent")));
    }
  }

  static final class HungChecker extends AbstractChecker {
    private final Path gate;

    HungChecker(HungClass owner, PathDevice device, Path gate) {
      super(owner, device);
      this.gate = gate;
    }

    @Override
    protected CheckResult probe() {
      while (Files.exists(gate)) {
        Thread.interrupted(); // ignore interrupts, as a thread stuck in the kernel does
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      return CheckResult.UP;
    }
  }
}
