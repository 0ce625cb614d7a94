package io.github.pathcheck.agent;

import io.github.pathcheck.nativeio.NativeException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the kernel's whole-disk uevents ({@code SUBSYSTEM=block}, {@code DEVTYPE=disk}) to a {@link Handler} on
 * a thread of its own, {@code pathcheck-agent-uevents}: an {@code add} or a {@code remove} by the disk's name
 * ({@code sdb}, {@code nvme0n1}), an NVMe controller's {@code add}, {@code change} or {@code remove} ({@code
 * SUBSYSTEM=nvme}) by its name ({@code nvme1}), and a note when the kernel dropped events. Every other event
 * (partitions, a disk's {@code change}, other subsystems) is ignored.
 *
 * <p>{@link #open} binds the socket, so the kernel queues events from then on; {@link #start} starts the thread
 * that delivers them. The listener owns the socket and the thread. {@link #close()} stops the thread and waits
 * for it up to a bound (the handler's current call included); the thread closes the socket as it ends, or
 * close does when the thread never started. The handler is called from one thread, never after close returned
 * unless close reported that the thread did not end in time.
 */
final class UeventListener implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(UeventListener.class);
  static final String THREAD_NAME = "pathcheck-agent-uevents";

  /** What the listener hands on; called on the listener's thread. */
  interface Handler {
    /** The kernel added the whole disk {@code name} ({@code /dev/<name>}). */
    void diskAdded(String name);

    /** The kernel removed the whole disk {@code name}. */
    void diskRemoved(String name);

    /** The kernel added, changed or removed the NVMe controller {@code name} ({@code /dev/<name>}). */
    void nvmeControllerChanged(String name);

    /** The kernel dropped events (the socket's buffer overflowed): the handler's view may be stale. */
    void eventsLost();
  }

  private final UeventSocket socket;
  private final Thread thread;
  private volatile Handler handler;
  private volatile boolean stopping;
  private boolean started;

  private UeventListener(UeventSocket socket) {
    this.socket = socket;
    this.thread = new Thread(this::run, THREAD_NAME);
    thread.setDaemon(true);
  }

  /**
   * Opens the kernel's uevent socket; events queue on it until {@link #start}.
   *
   * @throws NativeException if the kernel refuses the socket
   */
  static UeventListener open() throws NativeException {
    return new UeventListener(UeventSocket.open());
  }

  /**
   * Starts handing events to {@code handler}, those queued since {@link #open} first. Once only.
   *
   * @throws IllegalStateException if started already, or closed
   */
  synchronized void start(Handler handler) {
    if (started || stopping) {
      throw new IllegalStateException(started ? "the uevent listener is started already" : "the uevent listener is closed");
    }
    this.handler = handler;
    started = true;
    thread.start();
  }

  private void run() {
    Handler handler = this.handler;
    UeventSocket.Receiver receiver = new UeventSocket.Receiver() {
      @Override
      public void uevent(Uevent event) {
        if (!stopping) {
          deliver(event, handler);
        }
      }

      @Override
      public void lost() {
        if (!stopping) {
          logger.warn("the kernel dropped uevents (socket buffer full): discovering the paths again");
          call(handler::eventsLost);
        }
      }
    };
    try {
      while (!stopping && socket.receive(receiver)) {
        // each receive delivers what the kernel queued
      }
    } catch (NativeException | RuntimeException e) {
      logger.error("hot-plug stops: cannot receive uevents: {}", e.getMessage());
    } finally {
      socket.close();
    }
  }

  private static void deliver(Uevent event, Handler handler) {
    if (event.isNvmeController()) {
      String controller = event.property("DEVNAME").orElseThrow();
      switch (event.action()) {
        case "add", "change", "remove" -> call(() -> handler.nvmeControllerChanged(controller));
        default -> {}
      }
      return;
    }
    if (!event.isDisk()) {
      return;
    }
    String name = event.property("DEVNAME").orElseThrow();
    switch (event.action()) {
      case "add" -> call(() -> handler.diskAdded(name));
      case "remove" -> call(() -> handler.diskRemoved(name));
      default -> {}
    }
  }

  private static void call(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      logger.error("handling a uevent failed; listening on", e);
    }
  }

  /**
   * Stops the thread and waits for it up to {@code bound}; closes the socket if the thread never started.
   * Idempotent.
   *
   * @return whether the thread has ended (or never started)
   */
  boolean close(Duration bound) {
    boolean run;
    synchronized (this) {
      stopping = true;
      run = started;
    }
    if (!run) {
      socket.close();
      return true;
    }
    socket.wakeUp();
    try {
      thread.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** {@link #close(Duration)} with a bound of 10 s; logs if the thread did not end. */
  @Override
  public void close() {
    if (!close(Duration.ofSeconds(10))) {
      logger.warn("the uevent thread is still handling an event after 10 s; it closes its socket when done");
    }
  }
}
