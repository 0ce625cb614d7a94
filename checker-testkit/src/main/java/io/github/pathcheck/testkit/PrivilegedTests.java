package io.github.pathcheck.testkit;

import io.github.pathcheck.fixtures.Privileges;

/**
 * The gate for tests that need privileges the build may not have, such as root for loop devices.
 *
 * <p>A test calls {@link #assumeRoot(String)} first. As root it runs. Otherwise it is skipped (aborted, in
 * JUnit's terms) with a message saying what it needs, unless the environment variable {@value #REQUIRE_ENV} is
 * {@code 1}: then it fails, so that a CI machine that is meant to run every test cannot silently skip some.
 *
 * <pre>{@code
 * // LoopDevice is checker-native's io.github.pathcheck.nativeio.LoopDevice
 * @Test
 * void readsThroughALoopDevice(@TempDir Path dir) throws IOException {
 *   PrivilegedTests.assumeRoot("attach a loop device");
 *   try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
 *       LoopDevice loop = LoopDevice.attach(disk.path())) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PrivilegedTests {
  /** The environment variable that turns skipped privileged tests into failures when set to {@code 1}. */
  public static final String REQUIRE_ENV = Privileges.REQUIRE_ENV;

  private PrivilegedTests() {}

  /** Returns whether {@value #REQUIRE_ENV} is {@code 1}: privileged tests must run, not skip. */
  public static boolean required() {
    return Privileges.required();
  }

  /** Returns whether this process runs with effective user id 0. */
  public static boolean isRoot() {
    return Privileges.isRoot();
  }

  /**
   * Passes when this process is root; otherwise skips the calling test, or fails it when {@link #required()}.
   *
   * @param whatFor what the test needs root for, completing "needs root to ..." (for example {@code "attach a
   *     loop device"})
   */
  public static void assumeRoot(String whatFor) {
    Privileges.assumeRoot(whatFor);
  }

  /**
   * Passes when {@code available} is true; otherwise skips the calling test, or fails it when {@link
   * #required()}. For privileges other than root (a kernel module, a device).
   *
   * @param available whether the privilege is there
   * @param whatIsNeeded what the test needs, completing "this test needs ..." (for example {@code "the
   *     scsi_debug kernel module"})
   */
  public static void assumePrivilege(boolean available, String whatIsNeeded) {
    Privileges.assumePrivilege(available, whatIsNeeded);
  }

  /** {@link #assumePrivilege(boolean, String)} with {@link #required()} given; the seam for tests. */
  static void assumePrivilege(boolean available, String whatIsNeeded, boolean required) {
    Privileges.assumePrivilege(available, whatIsNeeded, required);
  }
}
