package com.example.faulty;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * A checker that is correct but for one {@link Fault}, for testing the contract kit. Its class owns a worker
 * thread that runs asynchronous checks, as real asynchronous checkers do, so that leaks are real.
 */
public class FaultyCheckerProvider implements CheckerProvider {
  private final Fault fault;
  private final String name;

  /** Returns a provider of the checker with {@code fault}, named after it. */
  public FaultyCheckerProvider(Fault fault) {
    this(fault, fault.checkerName());
  }

  /** Returns a provider of the checker with {@code fault}, named {@code name}. */
  public FaultyCheckerProvider(Fault fault, String name) {
    this.fault = fault;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    if (!classOptions.isEmpty() && fault != Fault.ACCEPTS_UNKNOWN_OPTIONS) {
      throw new IllegalArgumentException(name + " takes no class options, got " + classOptions.keySet());
    }
    return new FaultyCheckerClass(name, fault);
  }
}
