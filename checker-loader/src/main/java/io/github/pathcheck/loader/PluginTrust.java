package io.github.pathcheck.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Decides whether a plugin file may be loaded, the way sshd's StrictModes decides about {@code authorized_keys}.
 * A file is trusted when it, and every directory from it up to and including the plugin directory, is
 *
 * <ul>
 *   <li>owned by root or by the user this process runs as, and
 *   <li>writable by neither its group nor others; a directory with the sticky bit (such as {@code /tmp}) may
 *       be writable by others, since they can then neither replace nor rename what they do not own.
 * </ul>
 *
 * <p>A symbolic link is trusted only when it is owned by root or this process's user and its target, resolved,
 * lies inside the plugin directory and is trusted itself. Directories above the plugin directory are not
 * checked: the plugin directory is the operator's choice.
 *
 * <p>Immutable and thread-safe.
 */
final class PluginTrust {
  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final int STICKY = 01000;

  private final int ownUid;

  PluginTrust(int ownUid) {
    this.ownUid = ownUid;
  }

  /**
   * Returns the trust of this process: its user is the owner of {@code /proc/self}; where that cannot be read,
   * only root is trusted.
   */
  static PluginTrust ofProcess() {
    try {
      return new PluginTrust((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return new PluginTrust(0);
    }
  }

  /**
   * Returns why {@code file} (an entry of the plugin directory, or a jar of a plugin subdirectory) is not to be
   * trusted, as a phrase naming the offending file, the reason and the fix; or null if it is trusted.
   *
   * @param pluginDirectory the plugin directory's real path
   */
  String distrust(Path file, Path pluginDirectory) {
    try {
      Path real = file.toRealPath();
      if (Files.isSymbolicLink(file)) {
        String owner = owner(file);
        if (owner != null) {
          return "the symbolic link " + file + " " + owner + "; chown it to root or remove it";
        }
      }
      if (!real.startsWith(pluginDirectory)) {
        return file
            + " leads to "
            + real
            + ", outside the plugin directory "
            + pluginDirectory
            + "; copy the plugin into the plugin directory instead of linking to it";
      }
      for (Path p = real; p != null; p = p.getParent()) {
        String owner = owner(p);
        if (owner != null) {
          return p + " " + owner + "; chown it to root or remove it";
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean stickyDirectory = (mode & STICKY) != 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !stickyDirectory) {
          return p
              + " is writable by "
              + ((mode & 0002) != 0 ? "all users" : "its group")
              + " (mode "
              + String.format("%04o", mode & 07777)
              + "); run chmod go-w "
              + p;
        }
        if (p.equals(pluginDirectory)) {
          break;
        }
      }
      return null;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "the owner and mode of " + file + " cannot be read (" + e + "); check that it exists and is readable";
    }
  }

  /** Returns null if {@code p} (not followed if a link) is owned by root or this process's user, else why not. */
  private String owner(Path p) throws IOException {
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (uid == 0 || uid == ownUid) {
      return null;
    }
    return "is owned by uid " + uid + ", neither root nor this process's user (uid " + ownUid + ")";
  }
}
