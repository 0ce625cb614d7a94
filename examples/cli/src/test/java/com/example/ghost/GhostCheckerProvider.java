package com.example.ghost;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.util.Map;

/**
 * A third-party plugin for the CLI's tests, packed into a jar at test time and loaded from a plugin
 * directory: the "ghost" checker answers every path {@code ghost}. Not registered on the class path.
 */
public final class GhostCheckerProvider implements CheckerProvider {
  @Override
  public String name() {
    return "ghost";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new GhostClass();
  }

  static final class GhostClass implements CheckerClass {
    @Override
    public String name() {
      return "ghost";
    }

    @Override
    public boolean isAsyncCapable() {
      return false;
    }

    @Override
    public Checker init(PathDevice device, CheckerOptions options) {
      return new GhostChecker();
    }

    @Override
    public void reset() {}

    @Override
    public UnloadResult unload() {
      return UnloadResult.complete();
    }
  }

  static final class GhostChecker implements Checker {
    private volatile boolean freed;

    @Override
    public CheckResult check() {
      ensureLive();
      return CheckResult.GHOST;
    }

    @Override
    public CheckResult pending() {
      ensureLive();
      return CheckResult.GHOST;
    }

    @Override
    public boolean needWait() {
      ensureLive();
      return false;
    }

    @Override
    public void free() {
      freed = true;
    }

    private void ensureLive() {
      if (freed) {
        throw new IllegalStateException("the ghost checker was freed");
      }
    }
  }
}
