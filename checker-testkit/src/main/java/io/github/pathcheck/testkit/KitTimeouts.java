package io.github.pathcheck.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Bounds every test and every set-up and tear-down method of a {@link CheckerContractKit} by {@link
 * CheckerContractKit#testTimeout()}: each runs on a thread of its own, and one still running at the bound
 * fails with a dump of every thread (which lock each waits for and who owns it) and is interrupted, so that a
 * deadlocked checker fails its test instead of hanging the build. The kit's tear-down then releases what
 * the test left, each release bounded too.
 */
final class KitTimeouts implements InvocationInterceptor {

  /** JUnit creates it, from the kit's {@code @ExtendWith}. */
  KitTimeouts() {}

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
      throws Throwable {
    bounded(invocation, call, context, "the test");
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
      throws Throwable {
    bounded(invocation, call, context, "the set-up");
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
      throws Throwable {
    bounded(invocation, call, context, "the tear-down");
  }

  @Override
  public <T> T interceptTestFactoryMethod(
      Invocation<T> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
      throws Throwable {
    return invocation.proceed(); // only builds the dynamic tests, which are bounded one by one
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation, DynamicTestInvocationContext call, ExtensionContext context)
      throws Throwable {
    bounded(invocation, context.getDisplayName(), context, "the test");
  }

  private static void bounded(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context,
      String what)
      throws Throwable {
    Method method = call.getExecutable();
    String testClass = context.getTestClass().orElse(method.getDeclaringClass()).getSimpleName();
    bounded(invocation, testClass + "." + method.getName(), context, what);
  }

  /** The kit instance of a test, set-up or tear-down; a dynamic test finds it in its factory's context. */
  private static CheckerContractKit kitOf(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getTestInstances().isPresent()) {
        return c.getTestInstances().get().findInstance(CheckerContractKit.class).orElse(null);
      }
    }
    return null;
  }

  private static void bounded(
      Invocation<Void> invocation, String name, ExtensionContext context, String what) throws Throwable {
    CheckerContractKit kit = kitOf(context);
    if (kit == null) {
      invocation.proceed();
      return;
    }
    Duration bound = kit.testTimeout();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                invocation.proceed();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "pathcheck-kit-" + name);
    runner.setDaemon(true);
    runner.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    runner.start();
    runner.join(bound.toMillis());
    if (runner.isAlive()) {
      String dump = ThreadDump.ofAllThreads();
      runner.interrupt();
      throw new AssertionError(
          what
              + " "
              + name
              + " of the "
              + kit.checkerName()
              + " checker did not finish within "
              + bound.toSeconds()
              + " s ("
              + CheckerContractKit.TEST_TIMEOUT_FACTOR
              + " x (checker timeout + margin)): a call into the checker blocks, or waits for a lock that"
              + " is never released (rule: no call into a checker or its class waits longer than the checker"
              + " timeout; fix: never wait in unload() for a lock a thread of the class holds while it waits"
              + " itself: return a deferred UnloadResult and release from that thread). The thread \""
              + runner.getName()
              + "\" is interrupted and the kit releases what the test made. Every thread, with the lock it"
              + " waits for and its owner:\n"
              + dump);
    }
    Throwable thrown = failure.get();
    if (thrown != null) {
      throw thrown;
    }
  }
}
