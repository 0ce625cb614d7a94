package com.example.hang;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * A plugin for the CLI's tests, packed into a jar at test time and loaded from a plugin directory: the "hang"
 * checker's check of a path whose file name contains {@code hang} blocks forever and ignores interrupts, as a
 * check stuck in a hung device does; every other path is up while its file has content and down when it is
 * empty. Not registered on the class path.
 */
public final class HangCheckerProvider implements CheckerProvider {
  @Override
  public String name() {
    return "hang";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new HangClass(classOptions);
  }

  static final class HangClass extends AbstractCheckerClass {
    HangClass(Map<String, String> classOptions) {
      super("hang", classOptions, Set.of());
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new HangChecker(this, device);
    }
  }

  static final class HangChecker extends AbstractChecker {
    HangChecker(HangClass owner, PathDevice device) {
      super(owner, device);
    }

    @Override
    protected CheckResult probe() {
      if (device().path().getFileName().toString().contains("hang")) {
        blockForever();
      }
      try {
        return Files.size(device().path()) > 0 ? CheckResult.UP : CheckResult.DOWN;
      } catch (IOException e) {
        return CheckResult.DOWN;
      }
    }
  }

  /** Blocks the calling thread for good, whatever interrupts it gets. */
  static void blockForever() {
    Object never = new Object();
    while (true) {
      synchronized (never) {
        try {
          never.wait();
        } catch (InterruptedException ignored) {
          // A thread stuck in a hung device does not notice interrupts either.
        }
      }
    }
  }
}
