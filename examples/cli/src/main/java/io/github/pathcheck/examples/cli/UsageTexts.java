package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The usage texts of {@code pathcheck} and its commands, as picocli renders them, which the build writes into
 * the CLI's classes ({@link #main}) so that {@link FastLane} prints them without building picocli's model.
 * Rendered as {@link PathcheckCommand#commandLine} sets picocli (without ANSI styles; the width is picocli's
 * default), so the two print the same.
 */
final class UsageTexts {
  private static final String DIRECTORY = "usage/";

  private UsageTexts() {}

  /**
   * Writes the usage of {@code pathcheck} and of each command but {@code help} into the classes directory
   * {@code args[0]}.
   */
  public static void main(String[] args) throws IOException {
    Path directory =
        Files.createDirectories(
            Path.of(args[0]).resolve(UsageTexts.class.getPackageName().replace('.', '/')).resolve(DIRECTORY));
    Files.writeString(directory.resolve("pathcheck.txt"), render("pathcheck"), StandardCharsets.UTF_8);
    for (String name : PathcheckCommand.SUBCOMMANDS.keySet()) {
      if (!name.equals("help")) {
        Files.writeString(directory.resolve(name + ".txt"), render(name), StandardCharsets.UTF_8);
      }
    }
  }

  /** Renders the usage of {@code name}, a command or {@code "pathcheck"}, as picocli prints it. */
  static String render(String name) {
    if (name.equals("pathcheck")) {
      return PathcheckCommand.commandLine().getUsageMessage();
    }
    CommandLine command = PathcheckCommand.commandLine(name).getSubcommands().get(name);
    if (command == null) {
      throw new IllegalArgumentException("pathcheck has no command " + name);
    }
    return command.getUsageMessage();
  }

  /** Returns the usage the build rendered for {@code name}, or null if it is not in the classes. */
  static String of(String name) {
    try (InputStream in = UsageTexts.class.getResourceAsStream(DIRECTORY + name + ".txt")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
