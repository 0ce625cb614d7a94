/**
 * Linux system calls for path checkers, through JNA (the calls that open and prepare a path through a small JNI
 * library where it is built; see below): open a device, read and change its file status flags, ask the block
 * layer for sizes, send SCSI commands with {@code SG_IO}, read {@code statx(2)}, map anonymous memory, and attach
 * loop devices for tests and demos ({@link io.github.pathcheck.nativeio.LoopDevice}). The
 * kernel aio calls live in {@code io.github.pathcheck.nativeio.aio}, the directio checker's binding.
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
 *       package to {@code com.sun.jna}.
 *   <li><b>Hot-path structs</b> (aio's {@code struct iocb}, {@code struct io_event}, {@code struct
 *       __kernel_timespec}): no {@code Structure}, but a final class of fixed offsets ({@code
 *       nativeio.aio.IoControlBlock}, {@code IoEvent}, {@code Timespec}) that reads and writes an {@link
 *       io.github.pathcheck.nativeio.AnonymousMemory} at an offset, so thousands of requests need no Java
 *       object each and a submit allocates nothing; a test compares the offsets with the C header. Their
 *       calls ({@code nativeio.aio.LinuxAio}) return the kernel's negative errno instead of
 *       throwing.
 *   <li><b>The aio calls' binding</b>: the one place where JNA's few hundred nanoseconds a call show (an async
 *       directio check is one {@code io_submit}), so {@code LinuxAio} calls a
 *       JNI library of five one-line C functions ({@code src/main/c/aio_calls.c}, {@code JniAioCalls}),
 *       compiled by the build where gcc is found and loaded from the jar; without it, the same calls through
 *       JNA ({@code JnaAioCalls}), also when {@code -Dpathcheck.aio.binding=jna} asks for it. Both are tested
 *       against the kernel. Add JNI only where a benchmark shows JNA's cost; everything else stays JNA.
 *   <li><b>The start-up path's binding</b>: opening a path, its {@code statx}, its file status flags, the
 *       block-device sizes and anonymous mappings go through the same library ({@code src/main/c/libc_calls.c},
 *       {@code JniLibcCalls}, chosen with the aio calls' binding by {@code nativeio.platform.JniLibrary}), so
 *       that a host that opens and checks a path with directio loads no JNA: JNA's first use extracts its
 *       own library and runs {@code ldconfig -p}, which costs a short command a large part of its time.
 *       Without the library the same calls go through JNA ({@code JnaLibcCalls}); both are tested against the
 *       kernel, and both return a negative errno that the facades turn into a {@link
 *       io.github.pathcheck.nativeio.NativeException} with {@code Errno.checkReturned}.
 *   <li><b>Structs that point into memory the call allocates</b> ({@code struct sg_io_hdr}): likewise a class
 *       of offsets ({@code SgIoHeader}), written into one JNA {@code Memory} block that also holds the CDB and
 *       the sense buffer, and freed before the call returns; a test compiles a C probe and compares every
 *       {@code offsetof} and the {@code sizeof}. The facade ({@link io.github.pathcheck.nativeio.ScsiGeneric})
 *       returns a failed ioctl's errno in its result value ({@link io.github.pathcheck.nativeio.SgIoResult})
 *       instead of throwing.
 *   <li><b>Per-architecture constants</b> (flags, syscall numbers) live in {@code LinuxArch}, in the unexported
 *       {@code nativeio.platform};
 *       ioctl request numbers are derived in {@code IoctlNumbers}, the loop driver's with its structs' offsets
 *       in {@code LoopConfig}.
 *   <li><b>Public facades</b>: final classes with static methods taking a {@link
 *       io.github.pathcheck.api.PathDevice} (the call uses its descriptor and names its path in errors), or
 *       owners of a native resource with an idempotent {@code close()}. Javadoc states threading and ownership.
 * </ol>
 *
 * <p>Supported: Linux on x86_64 and aarch64, glibc 2.28 or newer ({@code statx}).
 */
package io.github.pathcheck.nativeio;
