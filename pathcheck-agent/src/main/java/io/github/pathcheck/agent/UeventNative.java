package io.github.pathcheck.agent;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc calls for the kernel's uevent socket: {@code socket(2)}, {@code bind(2)}, {@code
 * setsockopt(2)}, {@code recvfrom(2)}, {@code poll(2)}, {@code eventfd(2)}, {@code write(2)}, {@code close(2)}.
 * {@code size_t} and {@code ssize_t} are {@code long}: x86_64 and aarch64 Linux only, as the rest of pathcheck.
 */
final class UeventNative {
  static final int AF_NETLINK = 16;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_KOBJECT_UEVENT = 15;
  /** The kernel's own uevent multicast group; udev re-sends its processed events on group 2. */
  static final int KERNEL_GROUP = 1;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVBUF = 8;
  static final int SO_RCVBUFFORCE = 33;
  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_TRUNC = 0x20;
  static final int EFD_CLOEXEC = 0x80000;
  static final short POLLIN = 0x1;
  /** {@code sizeof(struct sockaddr_nl)}: family, padding, port id, groups. */
  static final int SOCKADDR_NL_SIZE = 12;
  /** {@code sizeof(struct pollfd)}: fd, events, revents. */
  static final int POLLFD_SIZE = 8;

  static {
    Native.register(UeventNative.class, Platform.C_LIBRARY_NAME);
  }

  private UeventNative() {}

  /** {@code int socket(int domain, int type, int protocol);} */
  static native int socket(int domain, int type, int protocol);

  /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
  static native int bind(int fd, Pointer addr, int addrlen);

  /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
  static native int setsockopt(int fd, int level, int name, Pointer value, int length);

  /** {@code ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags, struct sockaddr *src, socklen_t *len);} */
  static native long recvfrom(int fd, Pointer buf, long length, int flags, Pointer from, Pointer fromLength);

  /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} */
  static native int poll(Pointer fds, long nfds, int timeout);

  /** {@code int eventfd(unsigned int initval, int flags);} */
  static native int eventfd(int initval, int flags);

  /** {@code ssize_t write(int fd, const void *buf, size_t count);} */
  static native long write(int fd, Pointer buf, long count);

  /** {@code int close(int fd);} */
  static native int close(int fd);
}
