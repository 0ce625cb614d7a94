package com.example.brokenload;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * A third-party plugin for the CLI's tests, packed into a jar at test time: checker "brokenload", whose
 * provider's {@code load} throws. Not registered on the class path.
 */
public final class BrokenLoadCheckerProvider implements CheckerProvider {
  @Override
  public String name() {
    return "brokenload";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    throw new IllegalStateException("load fails on purpose");
  }
}
