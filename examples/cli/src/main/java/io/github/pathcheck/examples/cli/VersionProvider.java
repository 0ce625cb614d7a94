package io.github.pathcheck.examples.cli;

import io.github.pathcheck.nativeio.NativeBinding;
import java.util.Locale;
import picocli.CommandLine.IVersionProvider;

/**
 * Reads the version from the CLI jar's manifest ({@code Implementation-Version}), and says which binding
 * makes the aio calls ({@link NativeBinding#current()}: JNI when checker-native was built with gcc).
 */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = PathcheckCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "pathcheck " + (version != null ? version : "(development build)"),
      "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
      "aio calls through " + NativeBinding.current().toUpperCase(Locale.ROOT)
    };
  }
}
