package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void padsEachColumnToItsWidestCellTwoSpacesApartAndLeavesNoTrailingSpaces() {
    String printed =
        print(TextTable.withHeader("NAME", "MODE", "ORIGIN").row("directio", "async", "class path").row("none", "", ""));
    assertThat(printed)
        .isEqualTo("NAME      MODE   ORIGIN\n"
            + "directio  async  class path\n"
            + "none\n");
  }

  @Test
  void rightAlignsTheColumnsAskedFor() {
    String printed =
        print(TextTable.withHeader("PATH", "LATENCY", "MESSAGE").alignRight(1).row("/dev/sda", "0.01 ms", "up")
            .row("/dev/sdb", "16.78 ms", "down"));
    assertThat(printed)
        .isEqualTo("PATH       LATENCY  MESSAGE\n"
            + "/dev/sda   0.01 ms  up\n"
            + "/dev/sdb  16.78 ms  down\n");
  }

  @Test
  void refusesARowOfAnotherWidth() {
    TextTable table = TextTable.withHeader("A", "B");
    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of this table has 2 cells, got 1");
  }

  private static String print(TextTable table) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      table.print(writer);
    }
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
