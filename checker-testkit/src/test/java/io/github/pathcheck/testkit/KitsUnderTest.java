package io.github.pathcheck.testkit;

import com.example.faulty.CorrectCheckerProvider;
import com.example.faulty.Fault;
import com.example.faulty.FaultyCheckerProvider;
import com.example.faulty.IdlePoolCheckerProvider;
import com.example.faulty.JnaPinningCheckerProvider;
import com.example.faulty.LogHandlerCheckerProvider;
import com.example.faulty.ShutdownHookCheckerProvider;
import com.example.faulty.ThreadLeakingCheckerProvider;
import com.example.faulty.ThreadLocalCheckerProvider;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The kit applied to correct and deliberately broken checkers, run by {@link CheckerContractKitTest} through
 * JUnit's EngineTestKit. Static nested classes: Surefire does not run them by itself (it skips classes with
 * a '$' in their name), so the broken ones fail only where a test expects them to.
 */
final class KitsUnderTest {
  private KitsUnderTest() {}

  /** A correct asynchronous checker, also from a plugin jar. */
  static class CorrectKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.NONE);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.of(PluginJars.packageOf(CorrectCheckerProvider.class));
    }
  }

  /** Answers null results from check() and pending(). */
  static class NullStateKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.NULL_STATE);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty(); // FaultyCheckerProvider takes its fault: ServiceLoader cannot make one
    }
  }

  /** Keeps working after free. */
  static class WorksAfterFreeKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.WORKS_AFTER_FREE);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty(); // FaultyCheckerProvider takes its fault: ServiceLoader cannot make one
    }
  }

  /** Leaves its worker thread running after unload, also from a plugin jar. */
  static class LeaksThreadKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.LEAKS_THREAD);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.of(PluginJars.packageOf(ThreadLeakingCheckerProvider.class));
    }
  }

  /** Never resolves an asynchronous check. A short timeout keeps the wait for it short. */
  static class NeverResolvesKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.NEVER_RESOLVES);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected CheckerOptions checkerOptions() {
      return super.checkerOptions().withTimeout(Duration.ofSeconds(1));
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty(); // FaultyCheckerProvider takes its fault: ServiceLoader cannot make one
    }
  }

  /** Deadlocks in unload. A short timeout keeps the kit's bound, and so the wait for it, short. */
  static class DeadlockKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.DEADLOCKS_IN_UNLOAD);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected CheckerOptions checkerOptions() {
      return super.checkerOptions().withTimeout(Duration.ofSeconds(1));
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty(); // FaultyCheckerProvider takes its fault: ServiceLoader cannot make one
    }
  }

  /** Like {@link NeverResolvesKit}, and its class says it awaited the answers. */
  static class AwaitsNothingKit extends NeverResolvesKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.AWAITS_NOTHING);
    }
  }

  /**
   * Correct from the class path; from its plugin jar it binds libc with JNA itself, which pins its class
   * loader.
   */
  static class JnaPinKit extends CheckerContractKit {
    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(Fault.NONE, JnaPinningCheckerProvider.NAME);
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.of(PluginJars.packageOf(JnaPinningCheckerProvider.class));
    }
  }

  /** The correct checker, declared to need a block device: the kit's default devices are loop devices. */
  static class BlockDeviceKit extends CorrectKit {
    @Override
    protected boolean needsBlockDevice() {
      return true;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty();
    }

    @Override
    protected TestDevice newDevice(Path scratchDirectory) throws Exception {
      TestDevice device = super.newDevice(scratchDirectory);
      if (!device.path().toString().startsWith("/dev/loop")) {
        device.close();
        throw new AssertionError("the default device of a checker that needs a block device: " + device);
      }
      return device;
    }
  }

  /** The asynchronous correct checker, declared synchronous by mistake. */
  static class MisdeclaredKit extends CorrectKit {
    @Override
    protected boolean isAsyncCapable() {
      return false;
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty();
    }
  }

  /** An asynchronous-capable faulty checker with a 1 s timeout, so that contracts that wait it out are short. */
  abstract static class FaultKit extends CheckerContractKit {
    abstract Fault fault();

    @Override
    protected CheckerProvider provider() {
      return new FaultyCheckerProvider(fault());
    }

    @Override
    protected boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected CheckerOptions checkerOptions() {
      return super.checkerOptions().withTimeout(Duration.ofSeconds(1));
    }

    /** None here: ServiceLoader cannot make a FaultyCheckerProvider, which takes its fault; see PluginFaultKit. */
    @Override
    protected Optional<Path> pluginJar() {
      return Optional.empty();
    }
  }

  static class AnyOptionKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.ACCEPTS_UNKNOWN_OPTIONS;
    }
  }

  static class AnyPropertyKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.ACCEPTS_UNKNOWN_PROPERTIES;
    }
  }

  static class SecondReadKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.SECOND_READ;
    }
  }

  static class ThrowsKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.THROWS_FOR_PATH_FAILURE;
    }
  }

  static class WorksAfterUnloadKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.WORKS_AFTER_UNLOAD;
    }
  }

  static class UnloadKeepsCheckersKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.UNLOAD_KEEPS_CHECKERS;
    }
  }

  static class GrowsKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.FREE_KEEPS_IN_LIVE_SET;
    }
  }

  static class LeaksDescriptorKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.LEAKS_DESCRIPTOR;
    }
  }

  static class PendingBlocksKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.PENDING_BLOCKS;
    }
  }

  static class NoTimeoutKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.NO_TIMEOUT;
    }
  }

  static class StaticMapKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.UNSYNCHRONISED_STATIC_MAP;
    }
  }

  static class LiveSetKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.UNSYNCHRONISED_LIVE_SET;
    }
  }

  static class StaleMessageKit extends FaultKit {
    @Override
    Fault fault() {
      return Fault.STALE_MESSAGE;
    }
  }

  /** A faulty checker from its plugin jar, for the isolation contract. */
  abstract static class PluginFaultKit extends FaultKit {
    abstract Class<? extends CheckerProvider> pluginProvider();

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.of(PluginJars.packageOf(pluginProvider()));
    }
  }

  static class LogHandlerKit extends PluginFaultKit {
    @Override
    Fault fault() {
      return Fault.LOG_HANDLER;
    }

    @Override
    Class<? extends CheckerProvider> pluginProvider() {
      return LogHandlerCheckerProvider.class;
    }
  }

  static class ShutdownHookKit extends PluginFaultKit {
    @Override
    Fault fault() {
      return Fault.SHUTDOWN_HOOK;
    }

    @Override
    Class<? extends CheckerProvider> pluginProvider() {
      return ShutdownHookCheckerProvider.class;
    }
  }

  static class ThreadLocalKit extends PluginFaultKit {
    @Override
    Fault fault() {
      return Fault.THREAD_LOCAL;
    }

    @Override
    Class<? extends CheckerProvider> pluginProvider() {
      return ThreadLocalCheckerProvider.class;
    }
  }

  static class IdlePoolKit extends PluginFaultKit {
    @Override
    Fault fault() {
      return Fault.IDLE_POOL;
    }

    @Override
    Class<? extends CheckerProvider> pluginProvider() {
      return IdlePoolCheckerProvider.class;
    }
  }
}
