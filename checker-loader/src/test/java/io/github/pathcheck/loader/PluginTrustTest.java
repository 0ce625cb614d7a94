package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins whose files another user could have written are refused, with one problem naming the file, the
 * reason and the fix, unless untrusted plugins are allowed. Real files, owners and modes; needs root to give a
 * file to another user (uid 65534, nobody).
 */
class PluginTrustTest {
  private static final int NOBODY = 65534;

  @TempDir Path plugins;
  @TempDir Path elsewhere;

  @BeforeEach
  void needsRoot() throws IOException {
    assumeThat((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
        .as("root, to give files to another user")
        .isZero();
  }

  private CheckerRegistry build(boolean allowUntrusted) {
    return CheckerRegistry.builder().pluginDirectory(plugins).allowUntrustedPlugins(allowUntrusted).build();
  }

  private static void chmod(String mode, Path path) throws Exception {
    Process chmod = new ProcessBuilder("chmod", mode, path.toString()).inheritIO().start();
    assertThat(chmod.waitFor()).as("chmod %s %s", mode, path).isZero();
  }

  private static void chown(int uid, Path path) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void aWorldWritableJarIsRefusedNamingItTheReasonAndTheFix() throws Exception {
    PluginFixtures.good(plugins);
    Path evil = PluginFixtures.simple(plugins, "evil.jar", "com.example.evil", "evil");
    chmod("666", evil);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).contains("good").doesNotContain("evil");
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("plugin " + evil + " is refused as untrusted")
          .contains("writable by all users (mode 0666)")
          .contains("chmod go-w " + evil);
    }
  }

  @Test
  void aGroupWritableJarIsRefused() throws Exception {
    Path evil = PluginFixtures.simple(plugins, "evil.jar", "com.example.evil", "evil");
    chmod("664", evil);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).doesNotContain("evil");
      assertThat(registry.problems()).singleElement().asString().contains(evil + " is writable by its group");
    }
  }

  @Test
  void aJarOfAnotherUserIsRefused() throws Exception {
    Path theirs = PluginFixtures.simple(plugins, "theirs.jar", "com.example.theirs", "theirs");
    chown(NOBODY, theirs);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).doesNotContain("theirs");
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains(theirs + " is owned by uid 65534, neither root nor this process's user")
          .contains("chown");
    }
  }

  @Test
  void aPluginSubdirectoryOfAnotherUserOrWritableByAllIsRefused() throws Exception {
    Path theirs = plugins.resolve("theirs");
    PluginFixtures.simple(theirs, "theirs.jar", "com.example.theirs", "theirs");
    chown(NOBODY, theirs);
    Path open = plugins.resolve("open");
    PluginFixtures.simple(open, "open.jar", "com.example.open", "open");
    chmod("777", open);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).doesNotContain("theirs", "open");
      assertThat(registry.problems())
          .hasSize(2)
          .anySatisfy(p -> assertThat(p).contains("plugin " + theirs + " is refused").contains("uid 65534"))
          .anySatisfy(p -> assertThat(p).contains("plugin " + open + " is refused").contains("chmod go-w " + open));
    }
  }

  @Test
  void aPluginDirectoryWritableByAllWithoutTheStickyBitTrustsNoPlugin() throws Exception {
    Path mine = PluginFixtures.simple(plugins, "mine.jar", "com.example.mine", "mine");
    chmod("777", plugins);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).doesNotContain("mine");
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("plugin " + mine + " is refused")
          .contains("chmod go-w " + plugins.toRealPath());
    }
  }

  @Test
  void aStickyPluginDirectoryWritableByAllTrustsOnlyTheFilesOfTrustedOwners() throws Exception {
    PluginFixtures.simple(plugins, "mine.jar", "com.example.mine", "mine");
    Path theirs = PluginFixtures.simple(plugins, "theirs.jar", "com.example.theirs", "theirs");
    chown(NOBODY, theirs);
    chmod("1777", plugins);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).contains("mine").doesNotContain("theirs");
      assertThat(registry.problems()).singleElement().asString().contains(theirs + " is owned by uid 65534");
    }
  }

  @Test
  void aLinkToAJarOutsideThePluginDirectoryIsRefused() throws Exception {
    Path target = PluginFixtures.simple(elsewhere, "outside.jar", "com.example.outside", "outside");
    Path link = Files.createSymbolicLink(plugins.resolve("outside.jar"), target);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).doesNotContain("outside");
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("plugin " + link + " is refused")
          .contains("leads to " + target.toRealPath() + ", outside the plugin directory");
    }
  }

  @Test
  void aLinkToAJarInsideThePluginDirectoryIsFollowed() throws Exception {
    // versions/ holds no jar itself, so only the link makes the jar a plugin.
    Path target =
        PluginFixtures.simple(plugins.resolve("versions/1.2"), "inside.jar", "com.example.inside", "inside");
    Files.createSymbolicLink(plugins.resolve("inside.jar"), target);
    try (CheckerRegistry registry = build(false)) {
      assertThat(registry.available()).extracting(CheckerDescriptor::name).contains("inside");
      assertThat(registry.problems()).isEmpty();
    }
  }

  @Test
  void untrustedPluginsLoadWhenExplicitlyAllowed() throws Exception {
    chmod("666", PluginFixtures.simple(plugins, "evil.jar", "com.example.evil", "evil"));
    chown(NOBODY, PluginFixtures.simple(plugins, "theirs.jar", "com.example.theirs", "theirs"));
    Path target = PluginFixtures.simple(elsewhere, "outside.jar", "com.example.outside", "outside");
    Files.createSymbolicLink(plugins.resolve("outside.jar"), target);
    try (CheckerRegistry registry = build(true)) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name)
          .contains("evil", "theirs", "outside");
      assertThat(registry.problems()).isEmpty();
    }
  }
}
