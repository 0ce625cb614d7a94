package io.github.pathcheck.nativeio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** This process's open descriptors, read from {@code /proc/self/fd}. */
public final class OpenFds {
  private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");

  private OpenFds() {}

  /** Returns the file {@code fd} refers to, or null if it is not open. */
  public static Path target(int fd) throws IOException {
    try {
      return Files.readSymbolicLink(PROC_SELF_FD.resolve(Integer.toString(fd)));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Returns "fd -> target" for each open descriptor whose target is {@code file} or lies under it. */
  public static List<String> referringTo(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    List<String> found = new ArrayList<>();
    try (Stream<Path> fds = Files.list(PROC_SELF_FD)) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        Path target;
        try {
          target = Files.readSymbolicLink(fd);
        } catch (NoSuchFileException e) {
          continue; // closed meanwhile, such as the descriptor listing the directory
        }
        if (target.startsWith(absolute)) {
          found.add(fd.getFileName() + " -> " + target);
        }
      }
    }
    return found;
  }

  /** Returns the {@code flags:} line of {@code /proc/self/fdinfo/<fd>}: the status flags plus O_CLOEXEC. */
  public static int fdinfoFlags(int fd) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", Integer.toString(fd)))) {
      if (line.startsWith("flags:")) {
        return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
      }
    }
    throw new IOException("no flags line in /proc/self/fdinfo/" + fd);
  }
}
