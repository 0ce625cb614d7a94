package io.github.pathcheck.nativeio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A system call failed with an errno: names the call, the path and the errno, and says what to do where that
 * is clear.
 *
 * <p>The message reads like {@code "open(/dev/sdx) failed: ENOENT (No such file or directory); check that the
 * device exists"}, or {@code "ioctl(BLKBSZGET) on /tmp/f failed: ENOTTY (Inappropriate ioctl for device); give a
 * block device"} when the call's name already has arguments. Instances are immutable. The path is not
 * serialized.
 */
public class NativeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String call;
  private final transient Path path;

  /**
   * Creates an exception for {@code call} on {@code path} that failed with {@code errno}.
   *
   * @param errno the errno, for example 2
   * @param call the call as users should read it, for example {@code "open"} or {@code "fcntl(F_SETFL)"}
   * @param path the file the call was about
   */
  public NativeException(int errno, String call, Path path) {
    super(message(errno, call, Objects.requireNonNull(path, "path"), hint(errno, call, path)));
    this.errno = errno;
    this.call = call;
    this.path = path;
  }

  /**
   * Creates an exception for {@code call} on {@code path} that failed with {@code errno}, with {@code hint}
   * (what is wrong and what to do) in place of the errno's usual one.
   */
  NativeException(int errno, String call, Path path, String hint) {
    super(message(errno, call, Objects.requireNonNull(path, "path"), Objects.requireNonNull(hint, "hint")));
    this.errno = errno;
    this.call = call;
    this.path = path;
  }

  /** Creates an exception for {@code call}, which was about no particular file, that failed with {@code errno}. */
  public NativeException(int errno, String call) {
    super(message(errno, call, null, hint(errno, call, null)));
    this.errno = errno;
    this.call = call;
    this.path = null;
  }

  /** Returns the errno, for example 2. */
  public int errno() {
    return errno;
  }

  /** Returns the errno's symbolic name, for example {@code "ENOENT"}, or {@code "errno 1234"} if unknown. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** Returns the failed call, for example {@code "open"}, {@code "ioctl(BLKBSZGET)"}, {@code "fcntl(F_SETFL)"}. */
  public String call() {
    return call;
  }

  /** Returns the file the call was about, if any. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  private static String message(int errno, String call, Path path, String hint) {
    Objects.requireNonNull(call, "call");
    StringBuilder message = new StringBuilder();
    if (path == null) {
      message.append(call);
    } else if (call.indexOf('(') >= 0) {
      message.append(call).append(" on ").append(path);
    } else {
      message.append(call).append('(').append(path).append(')');
    }
    message
        .append(" failed: ")
        .append(Errno.name(errno))
        .append(" (")
        .append(Errno.description(errno))
        .append(')');
    if (hint != null) {
      message.append("; ").append(hint);
    }
    return message.toString();
  }

  private static String hint(int errno, String call, Path path) {
    Objects.requireNonNull(call, "call");
    switch (errno) {
      case Errno.ENOENT:
        return "check that the device exists";
      case Errno.EACCES:
      case Errno.EPERM:
        return path == null
            ? "run as root or grant read access"
            : "run as root or grant read access to " + path;
      case Errno.EISDIR:
        return "give a block device or a regular file, not a directory";
      case Errno.ENOTTY:
        return "give a block device";
      case Errno.ENXIO:
      case Errno.ENODEV:
        return "check that the device is present";
      case Errno.EBADF:
        return "the device is not open (was it closed?)";
      case Errno.EMFILE:
        return "close unused files or raise the open-file limit (ulimit -n)";
      case Errno.ENFILE:
        return "close unused files or raise fs.file-max";
      case Errno.EINVAL:
        return call.startsWith("fcntl(F_SETFL)")
            ? "the file system may not support a requested flag (tmpfs may not support O_DIRECT)"
            : null;
      default:
        return null;
    }
  }
}
