package io.github.pathcheck.tur;

/**
 * The testkit's contract against tur on loop devices (needs root): the loop driver has no SG_IO either, so the
 * answer is still wild.
 */
class TurLoopDeviceContractTest extends TurContractTest {
  @Override
  protected boolean needsBlockDevice() {
    return true;
  }
}
