package io.github.pathcheck.examples.cli;

import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerLoadException;
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

/**
 * {@code pathcheck list}: the checkers this host can load, with their origin and whether they run async. A
 * checker whose class fails to load is listed as {@code broken}, with why in one warning line; the others are
 * listed all the same, and the exit code is 0.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the checkers this host can load: name, sync or async, the SPI version each was built for, origin.",
      "Loads each checker's class, so it runs each plugin's code. A checker whose class fails to load is listed"
          + " with mode \"broken\" and why on standard error; plugins skipped at discovery are named there too."
    })
final class ListCommand implements Callable<Integer>, OneShotCommand {
  private static final String BROKEN = "broken";

  @Spec CommandSpec spec;

  @Mixin PluginDirOptions plugins;

  @Option(
      names = "--json",
      description = "Print a JSON array of {\"name\",\"origin\",\"mode\",\"spi\"}; a broken checker's"
          + " object also has \"problem\", why.")
  boolean json;

  @Override
  public Integer call() {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  @Override
  public int run(PrintWriter out, PrintWriter err) {
    List<Row> rows = new ArrayList<>();
    try (CheckerRegistry registry = plugins.openRegistry(err)) {
      for (CheckerDescriptor descriptor : registry.available()) {
        String mode;
        String problem = null;
        try (CheckerHandle handle = registry.acquire(descriptor.name())) {
          mode = handle.isAsyncCapable() ? "async" : "sync";
        } catch (CheckerLoadException e) {
          mode = BROKEN;
          problem = e.getMessage();
          err.println("pathcheck: warning: " + ControlCharacters.escape(problem));
          err.flush();
        }
        rows.add(new Row(descriptor.name(), descriptor.origin(), mode, descriptor.spiVersion(), problem));
      }
    }
    if (json) {
      printJson(out, rows);
    } else {
      printTable(out, rows);
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, List<Row> rows) {
    TextTable table = TextTable.withHeader("NAME", "MODE", "SPI", "ORIGIN");
    for (Row row : rows) {
      table.row(row.name, row.mode, row.spiVersion, ControlCharacters.escape(row.origin));
    }
    table.print(out);
  }

  private static void printJson(PrintWriter out, List<Row> rows) {
    out.print('[');
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      out.print(i == 0 ? "\n  " : ",\n  ");
      out.print("{\"name\": " + Json.string(row.name) + ", \"origin\": " + Json.string(row.origin)
          + ", \"mode\": " + Json.string(row.mode) + ", \"spi\": " + Json.string(row.spiVersion)
          + (row.problem == null ? "" : ", \"problem\": " + Json.string(row.problem)) + "}");
    }
    out.println(rows.isEmpty() ? "]" : "\n]");
  }

  private static final class Row {
    final String name;
    final String origin;
    final String mode;
    final String spiVersion;
    final String problem; // why it is broken; null if it loads

    Row(String name, String origin, String mode, String spiVersion, String problem) {
      this.name = name;
      this.origin = origin;
      this.mode = mode;
      this.spiVersion = spiVersion;
      this.problem = problem;
    }
  }
}
