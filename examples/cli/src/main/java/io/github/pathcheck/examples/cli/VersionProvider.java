package io.github.pathcheck.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the CLI jar's manifest ({@code Implementation-Version}). */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = PathcheckCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "pathcheck " + (version != null ? version : "(development build)"),
      "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }
}
