package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * Linux errno values: their names and descriptions, and the rule that turns a failed call into a {@link
 * NativeException}.
 *
 * <p>The table is the asm-generic one that x86_64 and aarch64 share ({@code <asm-generic/errno-base.h>},
 * {@code <asm-generic/errno.h>}); descriptions are glibc's {@code strerror} texts in the C locale, kept here so
 * messages do not depend on the process locale. Aliases ({@code EWOULDBLOCK}, {@code EDEADLOCK}, {@code
 * ENOTSUP}) print as the name they alias.
 *
 * <p>The constants are the values checkers act on; {@link #name} and {@link #description} know every value of
 * the table. Stateless and thread-safe.
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int ENOTBLK = 15;
  static final int EBUSY = 16;
  public static final int ENODEV = 19;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int ENOTTY = 25;
  static final int EROFS = 30;
  public static final int ENOSYS = 38;
  static final int EOVERFLOW = 75;
  public static final int EINPROGRESS = 115;

  private static final int MAX = 133;
  private static final String[] NAMES = new String[MAX + 1];
  private static final String[] DESCRIPTIONS = new String[MAX + 1];

  static {
    row(1, "EPERM", "Operation not permitted");
    row(2, "ENOENT", "No such file or directory");
    row(3, "ESRCH", "No such process");
    row(4, "EINTR", "Interrupted system call");
    row(5, "EIO", "Input/output error");
    row(6, "ENXIO", "No such device or address");
    row(7, "E2BIG", "Argument list too long");
    row(8, "ENOEXEC", "Exec format error");
    row(9, "EBADF", "Bad file descriptor");
    row(10, "ECHILD", "No child processes");
    row(11, "EAGAIN", "Resource temporarily unavailable");
    row(12, "ENOMEM", "Cannot allocate memory");
    row(13, "EACCES", "Permission denied");
    row(14, "EFAULT", "Bad address");
    row(15, "ENOTBLK", "Block device required");
    row(16, "EBUSY", "Device or resource busy");
    row(17, "EEXIST", "File exists");
    row(18, "EXDEV", "Invalid cross-device link");
    row(19, "ENODEV", "No such device");
    row(20, "ENOTDIR", "Not a directory");
    row(21, "EISDIR", "Is a directory");
    row(22, "EINVAL", "Invalid argument");
    row(23, "ENFILE", "Too many open files in system");
    row(24, "EMFILE", "Too many open files");
    row(25, "ENOTTY", "Inappropriate ioctl for device");
    row(26, "ETXTBSY", "Text file busy");
    row(27, "EFBIG", "File too large");
    row(28, "ENOSPC", "No space left on device");
    row(29, "ESPIPE", "Illegal seek");
    row(30, "EROFS", "Read-only file system");
    row(31, "EMLINK", "Too many links");
    row(32, "EPIPE", "Broken pipe");
    row(33, "EDOM", "Numerical argument out of domain");
    row(34, "ERANGE", "Numerical result out of range");
    row(35, "EDEADLK", "Resource deadlock avoided");
    row(36, "ENAMETOOLONG", "File name too long");
    row(37, "ENOLCK", "No locks available");
    row(38, "ENOSYS", "Function not implemented");
    row(39, "ENOTEMPTY", "Directory not empty");
    row(40, "ELOOP", "Too many levels of symbolic links");
    row(42, "ENOMSG", "No message of desired type");
    row(43, "EIDRM", "Identifier removed");
    row(44, "ECHRNG", "Channel number out of range");
    row(45, "EL2NSYNC", "Level 2 not synchronized");
    row(46, "EL3HLT", "Level 3 halted");
    row(47, "EL3RST", "Level 3 reset");
    row(48, "ELNRNG", "Link number out of range");
    row(49, "EUNATCH", "Protocol driver not attached");
    row(50, "ENOCSI", "No CSI structure available");
    row(51, "EL2HLT", "Level 2 halted");
    row(52, "EBADE", "Invalid exchange");
    row(53, "EBADR", "Invalid request descriptor");
    row(54, "EXFULL", "Exchange full");
    row(55, "ENOANO", "No anode");
    row(56, "EBADRQC", "Invalid request code");
    row(57, "EBADSLT", "Invalid slot");
    row(59, "EBFONT", "Bad font file format");
    row(60, "ENOSTR", "Device not a stream");
    row(61, "ENODATA", "No data available");
    row(62, "ETIME", "Timer expired");
    row(63, "ENOSR", "Out of streams resources");
    row(64, "ENONET", "Machine is not on the network");
    row(65, "ENOPKG", "Package not installed");
    row(66, "EREMOTE", "Object is remote");
    row(67, "ENOLINK", "Link has been severed");
    row(68, "EADV", "Advertise error");
    row(69, "ESRMNT", "Srmount error");
    row(70, "ECOMM", "Communication error on send");
    row(71, "EPROTO", "Protocol error");
    row(72, "EMULTIHOP", "Multihop attempted");
    row(73, "EDOTDOT", "RFS specific error");
    row(74, "EBADMSG", "Bad message");
    row(75, "EOVERFLOW", "Value too large for defined data type");
    row(76, "ENOTUNIQ", "Name not unique on network");
    row(77, "EBADFD", "File descriptor in bad state");
    row(78, "EREMCHG", "Remote address changed");
    row(79, "ELIBACC", "Can not access a needed shared library");
    row(80, "ELIBBAD", "Accessing a corrupted shared library");
    row(81, "ELIBSCN", ".lib section in a.out corrupted");
    row(82, "ELIBMAX", "Attempting to link in too many shared libraries");
    row(83, "ELIBEXEC", "Cannot exec a shared library directly");
    row(84, "EILSEQ", "Invalid or incomplete multibyte or wide character");
    row(85, "ERESTART", "Interrupted system call should be restarted");
    row(86, "ESTRPIPE", "Streams pipe error");
    row(87, "EUSERS", "Too many users");
    row(88, "ENOTSOCK", "Socket operation on non-socket");
    row(89, "EDESTADDRREQ", "Destination address required");
    row(90, "EMSGSIZE", "Message too long");
    row(91, "EPROTOTYPE", "Protocol wrong type for socket");
    row(92, "ENOPROTOOPT", "Protocol not available");
    row(93, "EPROTONOSUPPORT", "Protocol not supported");
    row(94, "ESOCKTNOSUPPORT", "Socket type not supported");
    row(95, "EOPNOTSUPP", "Operation not supported");
    row(96, "EPFNOSUPPORT", "Protocol family not supported");
    row(97, "EAFNOSUPPORT", "Address family not supported by protocol");
    row(98, "EADDRINUSE", "Address already in use");
    row(99, "EADDRNOTAVAIL", "Cannot assign requested address");
    row(100, "ENETDOWN", "Network is down");
    row(101, "ENETUNREACH", "Network is unreachable");
    row(102, "ENETRESET", "Network dropped connection on reset");
    row(103, "ECONNABORTED", "Software caused connection abort");
    row(104, "ECONNRESET", "Connection reset by peer");
    row(105, "ENOBUFS", "No buffer space available");
    row(106, "EISCONN", "Transport endpoint is already connected");
    row(107, "ENOTCONN", "Transport endpoint is not connected");
    row(108, "ESHUTDOWN", "Cannot send after transport endpoint shutdown");
    row(109, "ETOOMANYREFS", "Too many references: cannot splice");
    row(110, "ETIMEDOUT", "Connection timed out");
    row(111, "ECONNREFUSED", "Connection refused");
    row(112, "EHOSTDOWN", "Host is down");
    row(113, "EHOSTUNREACH", "No route to host");
    row(114, "EALREADY", "Operation already in progress");
    row(115, "EINPROGRESS", "Operation now in progress");
    row(116, "ESTALE", "Stale file handle");
    row(117, "EUCLEAN", "Structure needs cleaning");
    row(118, "ENOTNAM", "Not a XENIX named type file");
    row(119, "ENAVAIL", "No XENIX semaphores available");
    row(120, "EISNAM", "Is a named type file");
    row(121, "EREMOTEIO", "Remote I/O error");
    row(122, "EDQUOT", "Disk quota exceeded");
    row(123, "ENOMEDIUM", "No medium found");
    row(124, "EMEDIUMTYPE", "Wrong medium type");
    row(125, "ECANCELED", "Operation canceled");
    row(126, "ENOKEY", "Required key not available");
    row(127, "EKEYEXPIRED", "Key has expired");
    row(128, "EKEYREVOKED", "Key has been revoked");
    row(129, "EKEYREJECTED", "Key was rejected by service");
    row(130, "EOWNERDEAD", "Owner died");
    row(131, "ENOTRECOVERABLE", "State not recoverable");
    row(132, "ERFKILL", "Operation not possible due to RF-kill");
    row(133, "EHWPOISON", "Memory page has hardware error");
  }

  private Errno() {}

  private static void row(int errno, String name, String description) {
    NAMES[errno] = name;
    DESCRIPTIONS[errno] = description;
  }

  /** Returns the symbolic name of {@code errno}, for example {@code "ENOENT"}, or {@code "errno 1234"}. */
  public static String name(int errno) {
    String name = errno > 0 && errno <= MAX ? NAMES[errno] : null;
    return name != null ? name : "errno " + errno;
  }

  /** Returns the C-locale {@code strerror} text of {@code errno}, or {@code "Unknown error 1234"}. */
  public static String description(int errno) {
    String description = errno > 0 && errno <= MAX ? DESCRIPTIONS[errno] : null;
    return description != null ? description : "Unknown error " + errno;
  }

  /**
   * Returns {@code result} unless it is -1, the C convention for failure; then throws a {@link
   * NativeException} with the errno JNA saved right after the native call returned. Call this on the thread
   * that made the call, before any other native call.
   *
   * @param call the call as users should read it, for example {@code "open"} or {@code "ioctl(BLKBSZGET)"}
   * @param path the file the call was about, or null
   */
  static int check(int result, String call, Path path) throws NativeException {
    if (result == -1) {
      int errno = Native.getLastError();
      throw path == null ? new NativeException(errno, call) : new NativeException(errno, call, path);
    }
    return result;
  }

  /**
   * Returns {@code result} unless it is negative, a negative errno as {@link LibcCalls} and the kernel return
   * it; then throws a {@link NativeException} with that errno.
   *
   * @param call the call as users should read it, for example {@code "open"} or {@code "ioctl(BLKBSZGET)"}
   * @param path the file the call was about, or null
   */
  static long checkReturned(long result, String call, Path path) throws NativeException {
    if (result < 0) {
      int errno = (int) -result;
      throw path == null ? new NativeException(errno, call) : new NativeException(errno, call, path);
    }
    return result;
  }

  /** As {@link #checkReturned(long, String, Path)}, for an {@code int} result. */
  static int checkReturned(int result, String call, Path path) throws NativeException {
    return (int) checkReturned((long) result, call, path);
  }
}
