package com.example.slowfree;

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

/**
 * A plugin for the CLI's tests, packed into a jar at test time and loaded from a plugin directory: the
 * "slowfree" checker answers up at once, and its free returns only once a file named as the path with
 * {@code .release} added exists (or after a minute), so a test sees what the command did before its teardown.
 * Not registered on the class path.
 */
public final class SlowFreeCheckerProvider implements CheckerProvider {
  private static final long GIVE_UP_NANOS = 60_000_000_000L;

  @Override
  public String name() {
    return "slowfree";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new SlowFreeClass(classOptions);
  }

  static final class SlowFreeClass extends AbstractCheckerClass {
    SlowFreeClass(Map<String, String> classOptions) {
      super("slowfree", classOptions, Set.of());
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new SlowFreeChecker(this, device);
    }
  }

  static final class SlowFreeChecker extends AbstractChecker {
    SlowFreeChecker(SlowFreeClass owner, PathDevice device) {
      super(owner, device);
    }

    @Override
    protected CheckResult probe() {
      return CheckResult.UP;
    }

    /** Waits for the release file, looking every 10 ms. */
    @Override
    protected void release() {
      Path released = Path.of(device().path() + ".release");
      long start = System.nanoTime();
      while (!Files.exists(released) && System.nanoTime() - start < GIVE_UP_NANOS) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
