package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  private static final Path FILE = Path.of("/etc/multipath.conf");

  private static AgentConfig read(String text) throws ConfigSyntaxException {
    return ConfigReader.read(FILE, text);
  }

  private static PathInfo scsi(String name, String wwid, String vendor, String product) {
    return new PathInfo(Path.of("/dev", name), "scsi", Optional.of(wwid), Optional.of(vendor),
        Optional.of(product), Optional.empty());
  }

  @Test
  void anEmptyFileGivesMultipathsDefaults() throws Exception {
    AgentConfig config = read("");

    assertThat(config.pathChecker()).isEqualTo("tur");
    assertThat(config.pollingInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.checkerTimeout()).isEmpty();
    assertThat(config.listenAddress()).isEqualTo("127.0.0.1");
    assertThat(config.listenPort()).isEqualTo(9877);
    assertThat(config.discover()).isTrue();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void readsDefaultsWithCommentsAndQuotes() throws Exception {
    AgentConfig config = read("""
        # a comment
        defaults {
            path_checker "directio"   ! another comment
            checker_timeout 10
            polling_interval 2
        }
        """);

    assertThat(config.pathChecker()).isEqualTo("directio");
    assertThat(config.checkerTimeout()).contains(Duration.ofSeconds(10));
    assertThat(config.pollingInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void checkerIsAnAliasOfPathChecker() throws Exception {
    assertThat(read("defaults {\n checker none\n}\n").pathChecker()).isEqualTo("none");
  }

  @Test
  void blacklistExcludesByDevnodeWwidAndDeviceUnlessExcepted() throws Exception {
    AgentConfig config = read("""
        blacklist {
            devnode "^sd[b-c]$"
            wwid 3600a0b80
            device {
                vendor "ACME"
                product "^Tape"
            }
        }
        blacklist_exceptions {
            wwid "^3600a0b80000000aa"
        }
        """);

    assertThat(config.watches(scsi("sda", "1", "ATA", "disk"))).isTrue();
    assertThat(config.watches(scsi("sdb", "1", "ATA", "disk"))).isFalse();
    assertThat(config.watches(scsi("sdd", "3600a0b8000000001", "ATA", "disk"))).isFalse();
    assertThat(config.watches(scsi("sde", "3600a0b80000000aa", "ATA", "disk"))).isTrue();
    assertThat(config.watches(scsi("sdf", "2", "ACME", "Tape 9"))).isFalse();
    assertThat(config.watches(scsi("sdg", "2", "ACME", "Disk 9"))).isTrue();
  }

  @Test
  void theLastMatchingDeviceEntryChoosesTheCheckerBeforeTheBuiltInTable() throws Exception {
    AgentConfig config = read("""
        defaults {
            path_checker directio
        }
        devices {
            device {
                vendor "ACME"
                product ".*"
                path_checker tur
            }
            device {
                vendor "ACME"
                product "^Fast"
                path_checker none
            }
            device {
                vendor "DGC"
                path_checker directio
            }
        }
        """);

    assertThat(config.checkerFor(scsi("sda", "1", "ACME", "Slow"))).isEqualTo("tur");
    assertThat(config.checkerFor(scsi("sda", "1", "ACME", "Fast 2"))).isEqualTo("none");
    assertThat(config.checkerFor(scsi("sda", "1", "DGC", "VRAID"))).isEqualTo("directio");
    assertThat(config.checkerFor(scsi("sda", "1", "ATA", "disk"))).isEqualTo("directio");
  }

  @Test
  void theBuiltInTableGivesArraysMultipathsCheckers() throws Exception {
    AgentConfig config = read("");

    assertThat(config.checkerFor(scsi("sda", "1", "DGC", "VRAID"))).isEqualTo("emc_clariion");
    assertThat(config.checkerFor(scsi("sda", "1", "NETAPP", "INF-01-00"))).isEqualTo("rdac");
    assertThat(config.checkerFor(new PathInfo(Path.of("/dev/nvme0n1"), "nvme", Optional.empty(),
        Optional.of("NVME"), Optional.of("Samsung SSD"), Optional.empty()))).isEqualTo("none");
    assertThat(config.checkerFor(scsi("sda", "1", "ATA", "disk"))).isEqualTo("tur");
  }

  private static PathInfo nvmeControllerPath() {
    return new PathInfo(Path.of("nvme0c1n1"), "nvme", Optional.empty(), Optional.of("NVME"), Optional.of("Linux"),
        Optional.empty(), Optional.of(new NvmeControllerPath(Path.of("/dev/nvme1"), 1)));
  }

  @Test
  void aPerControllerNvmePathTakesAnaUnlessADeviceEntryOfTheFileSetsAChecker() throws Exception {
    assertThat(read("").checkerFor(nvmeControllerPath())).isEqualTo("ana");
    // the default applies only where no entry gives a checker, as it does not for SCSI arrays of the table
    assertThat(read("defaults {\n path_checker directio\n}\n").checkerFor(nvmeControllerPath()))
        .isEqualTo("ana");
    AgentConfig overridden = read("devices {\n device {\n  vendor \"NVME\"\n  path_checker none\n }\n}\n");
    assertThat(overridden.checkerFor(nvmeControllerPath())).isEqualTo("none");
    assertThat(read("devices {\n device {\n  vendor \"NVME\"\n  product \"^Samsung\"\n  path_checker none\n"
        + " }\n}\n").checkerFor(nvmeControllerPath())).isEqualTo("ana");
  }

  @Test
  void readsThePathcheckSection() throws Exception {
    AgentConfig config = read("""
        pathcheck {
            path /var/lib/disk0.img
            path "/dev/loop0"
            discover no
            listen_address 0.0.0.0
            listen_port 0
        }
        """);

    assertThat(config.paths()).containsExactly(Path.of("/var/lib/disk0.img"), Path.of("/dev/loop0"));
    assertThat(config.discover()).isFalse();
    assertThat(config.listenAddress()).isEqualTo("0.0.0.0");
    assertThat(config.listenPort()).isZero();
  }

  @Test
  void unknownKeywordsAndSectionsAreWarningsNamingTheLine() throws Exception {
    AgentConfig config = read("""
        defaults {
            user_friendly_names yes
            path_checker tur
        }
        multipaths {
            multipath {
                wwid 1
            }
        }
        """);

    assertThat(config.pathChecker()).isEqualTo("tur");
    assertThat(config.warnings()).containsExactly(
        "/etc/multipath.conf:2: ignoring keyword user_friendly_names in defaults: the agent does not use it",
        "/etc/multipath.conf:5: ignoring section multipaths: the agent does not use it");
  }

  @Test
  void anUnclosedSectionIsAnErrorAtItsOpening() {
    assertThatThrownBy(() -> read("defaults {\n  path_checker tur\n"))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessage("/etc/multipath.conf:1:1: section opened here is never closed: add a '}'");
  }

  @Test
  void aStrayClosingBraceIsAnErrorAtIt() {
    assertThatThrownBy(() -> read("defaults {\n}\n  }\n"))
        .hasMessage("/etc/multipath.conf:3:3: '}' closes no section");
  }

  @Test
  void anUnclosedQuoteIsAnErrorAtTheQuote() {
    assertThatThrownBy(() -> read("defaults {\n  path_checker \"tur\n}\n"))
        .hasMessage("/etc/multipath.conf:2:16: quoted string is not closed on its line: add a '\"'");
  }

  @Test
  void aBraceWithoutASectionNameIsAnError() {
    assertThatThrownBy(() -> read("{\n}\n")).hasMessage(
        "/etc/multipath.conf:1:1: '{' without a section name before it");
  }

  @Test
  void aValueThatIsNoNumberIsAnErrorAtTheValue() {
    assertThatThrownBy(() -> read("defaults {\n  polling_interval five\n}\n"))
        .hasMessage("/etc/multipath.conf:2:20: polling_interval takes a whole number, got 'five'");
  }

  @Test
  void aRegexThatDoesNotCompileIsAnErrorAtTheValue() {
    assertThatThrownBy(() -> read("blacklist {\n  devnode \"^(sd\"\n}\n"))
        .hasMessageStartingWith("/etc/multipath.conf:2:11: devnode is not a regular expression:");
  }

  @Test
  void errorsAreOneLine() {
    assertThatThrownBy(() -> read("blacklist {\n  devnode \"^(sd\"\n}\n"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
