package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.fixtures.FakeClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted kernel for the seam tests, in the spirit of multipath-tools' directio test mocks: block sizes and
 * failures are queued by the test; every call is counted so tests assert what the checker asked the kernel.
 * Thread-safe (synchronized), so unload's destroy threads may use it.
 */
final class FakeAioKernel implements AioKernel {
  /** x86_64's O_DIRECT. */
  static final int O_DIRECT = 040000;

  final FakeClock clock;
  private final Deque<Integer> blockSizes = new ArrayDeque<>();
  private final Deque<Integer> setupFailures = new ArrayDeque<>();
  private final Map<Integer, Integer> flags = new HashMap<>();
  private final List<FakeAioContext> contexts = new ArrayList<>();
  private int setupCalls;
  private int flagWrites;
  private int defaultBlockSize = 4096;
  private int setFlagsFailure;
  private String fileType = "regular file";
  AioLimits limits = new AioLimits(65536, 65536);

  FakeAioKernel(FakeClock clock) {
    this.clock = clock;
  }

  /** Makes the next {@code BLKBSZGET} answer {@code size} (a negative errno to fail). */
  synchronized void queueBlockSize(int size) {
    blockSizes.add(size);
  }

  /** Makes {@code BLKBSZGET} answer {@code size} when nothing is queued. */
  synchronized void defaultBlockSize(int size) {
    defaultBlockSize = size;
  }

  /** Makes the next {@code io_setup} fail with {@code errno}. */
  synchronized void failNextSetup(int errno) {
    setupFailures.add(errno);
  }

  /** Makes every {@code F_SETFL} fail with {@code errno} (0: succeed). */
  synchronized void failSetFlags(int errno) {
    setFlagsFailure = errno;
  }

  /** Makes {@code fstat} say the device is a {@code type}, such as {@code "character device"}. */
  synchronized void fileType(String type) {
    fileType = type;
  }

  @Override
  public synchronized String fileType(PathDevice device) {
    return fileType;
  }

  synchronized void flags(int fd, int value) {
    flags.put(fd, value);
  }

  synchronized int flags(int fd) {
    return flags.getOrDefault(fd, 0);
  }

  synchronized int setupCalls() {
    return setupCalls;
  }

  synchronized int flagWrites() {
    return flagWrites;
  }

  synchronized int destroyCalls() {
    return contexts.stream().mapToInt(FakeAioContext::destroyCalls).sum();
  }

  /** Contexts set up and not destroyed. */
  synchronized int liveContexts() {
    return (int) contexts.stream().filter(c -> !c.isDestroyed()).count();
  }

  /** Contexts destroyed whose memory was not released. */
  synchronized int unreleasedContexts() {
    return (int) contexts.stream().filter(c -> !c.isReleased()).count();
  }

  synchronized List<FakeAioContext> contexts() {
    return List.copyOf(contexts);
  }

  @Override
  public synchronized AioContext setup(int slots) throws AioSetupException {
    setupCalls++;
    Integer failure = setupFailures.poll();
    if (failure != null) {
      throw new AioSetupException(failure, "io_setup(" + slots + ")");
    }
    FakeAioContext context = new FakeAioContext(clock, slots);
    contexts.add(context);
    return context;
  }

  @Override
  public synchronized int blockSize(PathDevice device) {
    Integer size = blockSizes.poll();
    return size != null ? size : defaultBlockSize;
  }

  @Override
  public synchronized int fileStatusFlags(PathDevice device) {
    return flags.getOrDefault(device.fd(), 0);
  }

  @Override
  public synchronized int setFileStatusFlags(PathDevice device, int value) {
    int fd = device.fd();
    if (setFlagsFailure != 0) {
      return -setFlagsFailure;
    }
    flagWrites++;
    flags.put(fd, value);
    return 0;
  }

  @Override
  public int directFlag() {
    return O_DIRECT;
  }

  @Override
  public synchronized AioLimits limits() {
    return limits;
  }
}
