package io.github.pathcheck.directio;

/** The few errno values the directio checker acts on (asm-generic values, shared by x86_64 and aarch64). */
final class Errnos {
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int ENOMEM = 12;
  static final int EINVAL = 22;
  static final int ENOTTY = 25;
  static final int ENOSYS = 38;
  static final int EINPROGRESS = 115;

  private Errnos() {}

  /** Returns the symbolic name of a positive errno the checker knows, otherwise {@code "errno N"}. */
  static String name(int errno) {
    switch (errno) {
      case EINTR:
        return "EINTR";
      case EAGAIN:
        return "EAGAIN";
      case ENOMEM:
        return "ENOMEM";
      case EINVAL:
        return "EINVAL";
      case ENOTTY:
        return "ENOTTY";
      case ENOSYS:
        return "ENOSYS";
      case EINPROGRESS:
        return "EINPROGRESS";
      default:
        return "errno " + errno;
    }
  }
}
