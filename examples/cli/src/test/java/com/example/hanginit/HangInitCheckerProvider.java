package com.example.hanginit;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import java.util.Map;
import java.util.Set;

/**
 * A plugin for the CLI's tests, packed into a jar at test time and loaded from a plugin directory: the
 * "hanginit" checker's init blocks forever and ignores interrupts, as an init that inspects a hung device does.
 * Not registered on the class path.
 */
public final class HangInitCheckerProvider implements CheckerProvider {
  @Override
  public String name() {
    return "hanginit";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new HangInitClass(classOptions);
  }

  static final class HangInitClass extends AbstractCheckerClass {
    HangInitClass(Map<String, String> classOptions) {
      super("hanginit", classOptions, Set.of());
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
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
}
