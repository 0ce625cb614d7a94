package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.nativeio.SgIoResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tur's answer decoding ({@link TurDecoder}, package-private, hence this package): a clean GOOD status, fixed
 * format sense (standby: ghost), descriptor format sense (transitioning) and a UNIT ATTENTION to retry.
 * Inputs are built once; each call decodes one answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TurDecoderBenchmark {
  private static final int CHECK_CONDITION = 0x02;

  private final SgIoResult good = SgIoResult.completed(0, 0, 0, 0, new byte[0], 0);
  private final SgIoResult standbyFixed =
      SgIoResult.completed(CHECK_CONDITION, 0, 0, SgIoResult.SG_INFO_OK_MASK, fixedSense(0x2, 0x04, 0x0b), 0);
  private final SgIoResult transitioningDescriptor =
      SgIoResult.completed(
          CHECK_CONDITION, 0, 0, SgIoResult.SG_INFO_OK_MASK, new byte[] {0x72, 0x2, 0x04, 0x0a, 0, 0, 0, 0}, 0);
  private final SgIoResult unitAttention =
      SgIoResult.completed(CHECK_CONDITION, 0, 0, SgIoResult.SG_INFO_OK_MASK, fixedSense(0x6, 0x29, 0x00), 0);

  private static byte[] fixedSense(int key, int asc, int ascq) {
    byte[] sense = new byte[18];
    sense[0] = 0x70;
    sense[2] = (byte) key;
    sense[7] = 10;
    sense[12] = (byte) asc;
    sense[13] = (byte) ascq;
    return sense;
  }

  /** GOOD: up without looking at sense data. */
  @Benchmark
  public CheckResult good() {
    return TurDecoder.decode(good, true);
  }

  /** Fixed-format sense NOT READY 04/0B: ghost. */
  @Benchmark
  public CheckResult standbyFixedSense() {
    return TurDecoder.decode(standbyFixed, true);
  }

  /** Descriptor-format sense NOT READY 04/0A: transitioning. */
  @Benchmark
  public CheckResult transitioningDescriptorSense() {
    return TurDecoder.decode(transitioningDescriptor, true);
  }

  /** UNIT ATTENTION with attempts left: null, retry. */
  @Benchmark
  public CheckResult unitAttentionRetry() {
    return TurDecoder.decode(unitAttention, true);
  }
}
