package com.example.brokeninit;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * A third-party plugin for the CLI's tests, packed into a jar at test time: checker "brokeninit", whose
 * provider's static initialiser throws, so discovery cannot instantiate it. Not registered on the class path.
 */
public final class BrokenInitCheckerProvider implements CheckerProvider {
  private static final String STATE = initialise();

  private static String initialise() {
    if (Boolean.parseBoolean("true")) {
      throw new IllegalStateException("static initialiser fails on purpose");
    }
    return "never";
  }

  @Override
  public String name() {
    return "brokeninit" + STATE;
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    throw new UnsupportedOperationException();
  }
}
