/**
 * Linux system calls for path checkers, through JNA: open a device, read and change its file status flags,
 * ask the block layer for sizes, send SCSI commands with {@code SG_IO}, read {@code statx(2)}, and look up
 * per-architecture constants.
 *
 * <p>Checkers (directio, tur, third-party plugins) call the public facades of this package; they never call
 * {@code Native.register} or {@code Native.load} themselves, because JNA keeps per-class state that would pin
 * a plugin's class loader forever.
 *
 * <h2>How the package is built (follow this when adding a kernel interface)</h2>
 *
 * <ol>
 *   <li><b>One binding class per kernel interface</b>, named {@code <Interface>Native} ({@code FileNative},
 *       {@code IoctlNative}, {@code StatxNative}): package-private, final, a static initializer calling
 *       {@code Native.register(TheClass.class, Platform.C_LIBRARY_NAME)} (direct mapping), and {@code static
 *       native} methods that mirror the C prototype, which is quoted in each method's comment. No logic, no
 *       varargs: a variadic C function gets one overload per concrete argument type it is called with.
 *   <li><b>errno</b>: native methods do not declare {@code LastErrorException}. The facade checks the return
 *       value the C way (-1 means failure) through {@code Errno.check(result, call, path)}, which reads {@link
 *       com.sun.jna.Native#getLastError()} (the errno JNA saved right after the call) and throws a {@link
 *       io.github.pathcheck.nativeio.NativeException}.
 *   <li><b>Structs</b>: one {@code Structure} subclass per kernel struct, nested in its binding class as a
 *       {@code public static final} class (JNA reads fields by reflection without {@code setAccessible}, so
 *       the class must be public; the package-private binding class keeps it out of reach of other code), with
 *       {@code @FieldOrder}, public fields in the struct's order, padding spelled out, a public no-argument
 *       constructor, and a test that its {@code size()} equals the C {@code sizeof}. The module also opens the
 *       package to {@code com.sun.jna}. A struct that points into memory the call allocates ({@code struct
 *       sg_io_hdr}) is instead a class of offsets ({@code SgIoHeader}) written into one native block, with a
 *       test that compiles a C probe and compares every {@code offsetof} and the {@code sizeof}.
 *   <li><b>Per-architecture constants</b> (flags, syscall numbers) live in {@link
 *       io.github.pathcheck.nativeio.LinuxArch}; ioctl request numbers are derived in {@code IoctlNumbers}.
 *   <li><b>Public facades</b>: final classes with static methods taking a {@link
 *       io.github.pathcheck.api.PathDevice} (the call uses its descriptor and names its path in errors), or
 *       owners of a native resource with an idempotent {@code close()}. Javadoc states threading and ownership.
 * </ol>
 *
 * <p>Supported: Linux on x86_64 and aarch64, glibc 2.28 or newer ({@code statx}).
 */
package io.github.pathcheck.nativeio;
