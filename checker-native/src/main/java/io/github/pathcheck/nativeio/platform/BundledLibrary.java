package io.github.pathcheck.nativeio.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads a native library carried as a resource beside a class, from a file no other user can write: a new
 * directory that only this process's user can enter (mode 0700, made by an exclusive {@code mkdir} in {@code
 * java.io.tmpdir}), holding a new file of mode 0600 written with {@code O_CREAT|O_EXCL}. The ownership and
 * modes of the file, its directory and that directory's parent are checked before {@link System#load(String)};
 * the file and its directory are deleted afterwards, loaded or not (the mapping outlives the name, as for any
 * unlinked file). A new file each time, because the JVM refuses to load one path into two class loaders, and
 * two plugin loaders may each load this module.
 */
final class BundledLibrary {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final Set<PosixFilePermission> WRITE_BY_OTHERS =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final int STICKY = 01000;

  private BundledLibrary() {}

  /**
   * Thrown instead of loading a library when another user could write its copy or the copy's directory, or
   * replace that directory; the message names the file or directory, the reason and the fix.
   */
  static final class UnsafeLocationError extends UnsatisfiedLinkError {
    private static final long serialVersionUID = 1L;

    UnsafeLocationError(String message) {
      super(message);
    }
  }

  /**
   * Loads resource {@code fileName} of {@code owner}'s package into {@code owner}'s class loader, through a
   * private copy in {@code java.io.tmpdir}.
   *
   * @throws UnsafeLocationError when another user could write the copy, its directory, or could replace that
   *     directory (the message names the file and the fix)
   * @throws UnsatisfiedLinkError when the resource is missing, cannot be copied, or does not load
   */
  static void load(Class<?> owner, String fileName) {
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    Path copy;
    try {
      copy = extract(owner, fileName, parent);
    } catch (IOException e) {
      UnsatisfiedLinkError error =
          new UnsatisfiedLinkError("cannot copy " + fileName + " into " + parent + ": " + e);
      error.initCause(e);
      throw error;
    }
    try {
      System.load(copy.toString());
    } finally {
      deleteQuietly(copy);
    }
  }

  /**
   * Writes resource {@code fileName} of {@code owner}'s package to a new file, mode 0600, in a new directory,
   * mode 0700, made in {@code parent}, and checks them with {@link #requirePrivate}. The caller deletes the
   * file and its directory (as {@link #deleteQuietly} does).
   *
   * @return the new file
   * @throws UnsafeLocationError as for {@link #requirePrivate}; nothing is left behind then
   * @throws UnsatisfiedLinkError when the resource is missing
   * @throws IOException when the directory or the file cannot be made or written; nothing is left behind
   */
  static Path extract(Class<?> owner, String fileName, Path parent) throws IOException {
    try (InputStream in = owner.getResourceAsStream(fileName)) {
      if (in == null) {
        throw new UnsatisfiedLinkError(
            fileName + " is not in the jar of " + owner.getName() + " (built where gcc was not found)");
      }
      requireSafeParent(parent);
      Path dir = createPrivateDirectory(parent);
      Path file = dir.resolve(fileName);
      try {
        try (OutputStream out =
            Channels.newOutputStream(
                Files.newByteChannel(
                    file,
                    Set.of(
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    OWNER_ONLY_FILE))) {
          in.transferTo(out);
        }
        requirePrivate(file);
        return file;
      } catch (IOException | RuntimeException | Error e) {
        deleteQuietly(file);
        throw e;
      }
    }
  }

  /**
   * Makes a new directory, mode 0700, named {@code pathcheck-native-<random>} in {@code parent}. The name need
   * not be unguessable: {@code mkdir} fails on any name that exists, link or not, so another user can only make
   * a name taken, and then the next is tried. (Not {@link Files#createTempDirectory}, whose names come from a
   * {@code SecureRandom}: seeding one costs a short command a noticeable part of its start-up.)
   */
  private static Path createPrivateDirectory(Path parent) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path dir = parent.resolve("pathcheck-native-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
      try {
        return Files.createDirectory(dir, OWNER_ONLY_DIRECTORY);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Checks that no user but this process's effective user can change {@code file} before it is loaded: the
   * file is a regular file (not a link) owned by that user with no group or other write permission; its
   * directory likewise is a directory owned by that user without group or other write permission; and that
   * directory's parent is owned by that user or root and is not writable by group or others unless it is
   * sticky (as {@code /tmp} is), so that nobody else can rename the directory away.
   *
   * @throws UnsafeLocationError naming the first file or directory that fails and why
   * @throws IOException when their attributes cannot be read
   */
  static void requirePrivate(Path file) throws IOException {
    int uid = effectiveUid();
    Path dir = file.toAbsolutePath().getParent();
    requireOwnedUnwritable(file, uid, false);
    requireOwnedUnwritable(dir, uid, true);
    requireSafeParent(dir.getParent());
  }

  private static void requireOwnedUnwritable(Path path, int uid, boolean directory) throws IOException {
    boolean isDirectory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    boolean isFile = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    if (directory ? !isDirectory : !isFile) {
      throw refused(path, "is not a " + (directory ? "directory" : "regular file") + " (a link, or replaced)");
    }
    int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (owner != uid) {
      throw refused(path, "is owned by uid " + owner + ", not by this process's uid " + uid);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (!Collections.disjoint(permissions, WRITE_BY_OTHERS)) {
      throw refused(
          path, "is writable by other users (" + PosixFilePermissions.toString(permissions) + ")");
    }
  }

  private static void requireSafeParent(Path parent) throws IOException {
    int uid = effectiveUid();
    int owner = (Integer) Files.getAttribute(parent, "unix:uid");
    if (owner != uid && owner != 0) {
      throw refused(parent, "is owned by uid " + owner + ", neither root nor this process's uid " + uid);
    }
    int mode = (Integer) Files.getAttribute(parent, "unix:mode");
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
    if (!Collections.disjoint(permissions, WRITE_BY_OTHERS) && (mode & STICKY) == 0) {
      throw refused(
          parent,
          "is writable by other users (" + PosixFilePermissions.toString(permissions)
              + ") and not sticky, so they could replace what is made in it");
    }
  }

  private static UnsafeLocationError refused(Path path, String why) {
    return new UnsafeLocationError(
        "refusing to load native code from " + path + ": it " + why + "; set java.io.tmpdir to a directory"
            + " no other user can write (mode 0700, or sticky like /tmp)");
  }

  /**
   * The effective uid of this process: the second number of {@code /proc/self/status}'s {@code Uid:} line
   * (real, effective, saved, file system, separated by tabs; a split on one character needs no regular
   * expression, whose engine would cost every command's start-up its classes).
   */
  static int effectiveUid() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return Integer.parseInt(line.split("\t")[2].trim());
      }
    }
    throw new IOException("no Uid line in /proc/self/status");
  }

  /** Deletes {@code file} and then its directory, ignoring failures (a class initializer can do no better). */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      // left in java.io.tmpdir, private to this user; nothing better to do from a class initializer
    }
  }
}
