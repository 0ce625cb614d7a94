package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code none} checker, multipath-tools' checker of the same name: it does not look at the device and
 * reports the state the host configured for the path.
 *
 * <p><b>Per-path property.</b> {@code state}: the display name of a {@link io.github.pathcheck.api.PathState}
 * ({@code "up"}, {@code "down"}, {@code "ghost"}, ...), {@code "up"} by default. {@link
 * io.github.pathcheck.api.CheckerClass#init} rejects any other property, and any other value, with an {@link
 * IllegalArgumentException} naming the accepted ones.
 *
 * <p><b>Answers.</b> {@code check()} returns the configured state with {@link
 * io.github.pathcheck.api.CheckerMessages#forState}, except for a device whose {@code fd()} is negative, which
 * it answers {@link io.github.pathcheck.api.CheckResult#NO_USABLE_FD}. The class is not asynchronous-capable
 * (its checks return at once) and has no class options.
 *
 * <p><b>Lifecycle and threading.</b> As the SPI says: every method of the class is thread-safe; after {@code
 * unload()} its checkers are freed and {@code init} throws {@link IllegalStateException}. This provider holds
 * nothing; the registry always offers it, with origin {@code "built-in"}.
 */
public final class NoneCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "none";

  /** Creates the provider; it holds nothing. */
  public NoneCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new {@code none} checker class.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new NoneCheckerClass(classOptions);
  }
}
