package io.github.pathcheck.examples.cli;

import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pathcheck list}: the checkers this host can load, with their origin and whether they run async. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the checkers this host can load: name, sync or async, the SPI version each was built for, origin.")
final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PluginDirOptions plugins;

  @Option(names = "--json", description = "Print a JSON array of {\"name\",\"origin\",\"mode\",\"spi\"}.")
  boolean json;

  @Override
  public Integer call() {
    List<Row> rows = new ArrayList<>();
    try (CheckerRegistry registry = plugins.openRegistry(spec.commandLine().getErr())) {
      for (CheckerDescriptor descriptor : registry.available()) {
        try (CheckerHandle handle = registry.acquire(descriptor.name())) {
          String mode = handle.isAsyncCapable() ? "async" : "sync";
          rows.add(new Row(descriptor.name(), descriptor.origin(), mode, descriptor.spiVersion()));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, rows);
    } else {
      printTable(out, rows);
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, List<Row> rows) {
    int nameWidth = "NAME".length();
    int modeWidth = "MODE".length();
    int spiWidth = "SPI".length();
    for (Row row : rows) {
      nameWidth = Math.max(nameWidth, row.name.length());
      modeWidth = Math.max(modeWidth, row.mode.length());
      spiWidth = Math.max(spiWidth, row.spiVersion.length());
    }
    String format = "%-" + nameWidth + "s  %-" + modeWidth + "s  %-" + spiWidth + "s  %s%n";
    out.printf(format, "NAME", "MODE", "SPI", "ORIGIN");
    for (Row row : rows) {
      out.printf(format, row.name, row.mode, row.spiVersion, row.origin);
    }
  }

  private static void printJson(PrintWriter out, List<Row> rows) {
    out.print('[');
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      out.print(i == 0 ? "\n  " : ",\n  ");
      out.print("{\"name\": " + Json.string(row.name) + ", \"origin\": " + Json.string(row.origin)
          + ", \"mode\": " + Json.string(row.mode) + ", \"spi\": " + Json.string(row.spiVersion) + "}");
    }
    out.println(rows.isEmpty() ? "]" : "\n]");
  }

  private static final class Row {
    final String name;
    final String origin;
    final String mode;
    final String spiVersion;

    Row(String name, String origin, String mode, String spiVersion) {
      this.name = name;
      this.origin = origin;
      this.mode = mode;
      this.spiVersion = spiVersion;
    }
  }
}
