package io.github.pathcheck.agent;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.NativeException;

/**
 * A {@code NETLINK_KOBJECT_UEVENT} socket bound to the kernel's group, with an eventfd that wakes its reader:
 * the device events the kernel sends as it adds and removes devices, whether or not the host runs udev.
 *
 * <p>Owns two descriptors and three native buffers, released by {@link #close()}. One thread receives ({@link
 * #receive}); any thread may {@link #wakeUp()} it or close the socket, but a close while a receive runs is the
 * receiver's own job: close it from the receiving thread, or once it has returned. After close, {@link
 * #wakeUp()} does nothing and {@link #receive} throws {@link IllegalStateException}.
 */
final class UeventSocket implements AutoCloseable {
  /** The kernel's uevent buffer is 2 KiB of properties plus the header; a longer message is dropped. */
  private static final int MESSAGE_BUFFER = 16 * 1024;
  /** Room for a burst of events (a storage array's thousands of paths appearing at once). */
  private static final int RECEIVE_BUFFER = 8 * 1024 * 1024;
  /** {@code ENOBUFS}: the kernel dropped messages since the last receive. */
  private static final int ENOBUFS = 105;

  /** Receives what the socket got. */
  interface Receiver {
    /** A message from the kernel, parsed. */
    void uevent(Uevent event);

    /** The kernel dropped messages: the socket's buffer was full ({@code ENOBUFS}). */
    void lost();
  }

  private final int socket;
  private final int wakeup;
  private final Memory buffer = new Memory(MESSAGE_BUFFER);
  private final Memory sender = new Memory(UeventNative.SOCKADDR_NL_SIZE + 4);
  private final Memory pollfds = new Memory(2L * UeventNative.POLLFD_SIZE);
  private boolean closed;

  private UeventSocket(int socket, int wakeup) {
    this.socket = socket;
    this.wakeup = wakeup;
  }

  /**
   * Opens and binds the socket; from then on the kernel queues its events on it.
   *
   * @throws NativeException if the kernel refuses the socket (no netlink in this network namespace, no memory)
   */
  static UeventSocket open() throws NativeException {
    int socket = UeventNative.socket(
        UeventNative.AF_NETLINK, UeventNative.SOCK_DGRAM | UeventNative.SOCK_CLOEXEC,
        UeventNative.NETLINK_KOBJECT_UEVENT);
    if (socket < 0) {
      throw new NativeException(Native.getLastError(), "socket(AF_NETLINK, NETLINK_KOBJECT_UEVENT)");
    }
    int wakeup = -1;
    try (Memory address = new Memory(UeventNative.SOCKADDR_NL_SIZE); Memory size = new Memory(4)) {
      address.clear();
      address.setShort(0, (short) UeventNative.AF_NETLINK);
      address.setInt(8, UeventNative.KERNEL_GROUP);
      if (UeventNative.bind(socket, address, UeventNative.SOCKADDR_NL_SIZE) != 0) {
        throw new NativeException(Native.getLastError(), "bind(NETLINK_KOBJECT_UEVENT, group 1)");
      }
      size.setInt(0, RECEIVE_BUFFER);
      // FORCE passes the rmem_max limit as root; otherwise the kernel caps the plain request at rmem_max
      if (UeventNative.setsockopt(socket, UeventNative.SOL_SOCKET, UeventNative.SO_RCVBUFFORCE, size, 4) != 0) {
        UeventNative.setsockopt(socket, UeventNative.SOL_SOCKET, UeventNative.SO_RCVBUF, size, 4);
      }
      wakeup = UeventNative.eventfd(0, UeventNative.EFD_CLOEXEC);
      if (wakeup < 0) {
        throw new NativeException(Native.getLastError(), "eventfd");
      }
      return new UeventSocket(socket, wakeup);
    } catch (NativeException | RuntimeException | Error e) {
      UeventNative.close(socket);
      if (wakeup >= 0) {
        UeventNative.close(wakeup);
      }
      throw e;
    }
  }

  /**
   * Waits until the kernel sends events or {@link #wakeUp()} is called, then hands every queued kernel message
   * to {@code receiver}, on this thread. Messages not from the kernel (another process may send to the group)
   * and messages that are not uevents are dropped.
   *
   * @return false once woken up: the caller is to stop receiving
   * @throws NativeException if poll or recv fails otherwise than as interrupted or on a full buffer
   */
  boolean receive(Receiver receiver) throws NativeException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the uevent socket is closed");
      }
    }
    pollfds.setInt(0, socket);
    pollfds.setShort(4, UeventNative.POLLIN);
    pollfds.setShort(6, (short) 0);
    pollfds.setInt(8, wakeup);
    pollfds.setShort(12, UeventNative.POLLIN);
    pollfds.setShort(14, (short) 0);
    if (UeventNative.poll(pollfds, 2, -1) < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EINTR) {
        return true;
      }
      throw new NativeException(errno, "poll(uevent socket)");
    }
    if (pollfds.getShort(14) != 0) {
      return false;
    }
    while (true) {
      sender.setInt(UeventNative.SOCKADDR_NL_SIZE, UeventNative.SOCKADDR_NL_SIZE);
      long length = UeventNative.recvfrom(socket, buffer, MESSAGE_BUFFER,
          UeventNative.MSG_DONTWAIT | UeventNative.MSG_TRUNC, sender, sender.share(UeventNative.SOCKADDR_NL_SIZE));
      if (length < 0) {
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN) {
          return true;
        }
        if (errno == ENOBUFS) {
          receiver.lost();
          continue;
        }
        if (errno == Errno.EINTR) {
          continue;
        }
        throw new NativeException(errno, "recv(uevent socket)");
      }
      // the kernel's messages come from port 0; anything else is some process's, not a device event
      if (length > MESSAGE_BUFFER || sender.getInt(4) != 0) {
        continue;
      }
      Uevent.parse(buffer.getByteArray(0, (int) length)).ifPresent(receiver::uevent);
    }
  }

  /** Makes the current or next {@link #receive} return false. Does nothing after close. */
  synchronized void wakeUp() {
    if (closed) {
      return;
    }
    try (Memory one = new Memory(8)) {
      one.setLong(0, 1);
      UeventNative.write(wakeup, one, 8);
    }
  }

  /** Closes both descriptors and frees the buffers; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    UeventNative.close(socket);
    UeventNative.close(wakeup);
    buffer.close();
    sender.close();
    pollfds.close();
  }
}
