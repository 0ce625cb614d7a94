package io.github.pathcheck.vendors;

/** The testkit's contract on loop devices (needs root): the loop driver has no SG_IO either, so still wild. */
class RdacLoopDeviceContractTest extends RdacContractTest {
  @Override
  protected boolean needsBlockDevice() {
    return true;
  }
}
