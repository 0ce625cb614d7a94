package com.example.faulty;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * A correct checker that binds libc with JNA itself on load, which the SPI forbids: JNA's caches then keep
 * the plugin's class loader reachable forever. Named "jna-pin".
 */
public final class JnaPinningCheckerProvider implements CheckerProvider {
  /** The checker's name. */
  public static final String NAME = "jna-pin";

  /** The part of libc the checker binds. */
  public interface CLibrary extends Library {
    int getpid();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    CLibrary libc = Native.load("c", CLibrary.class);
    if (libc.getpid() <= 0) {
      throw new IllegalStateException("getpid() answered no pid");
    }
    return new FaultyCheckerProvider(Fault.NONE, NAME).load(classOptions);
  }
}
