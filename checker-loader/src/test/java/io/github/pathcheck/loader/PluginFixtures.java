package io.github.pathcheck.loader;

import java.nio.file.Path;

/**
 * The plugin jars the loader's tests use, built at test time with {@link PluginJarBuilder}. Each method
 * writes its plugin into the plugin directory given and returns the plugin's path (its jar, or its
 * subdirectory).
 */
public final class PluginFixtures {
  private PluginFixtures() {}

  /**
   * The source of a simple plugin, {@code <pkg>.Provider}: a synchronous class whose checkers answer up with
   * the message {@code messageExpression} (a fragment starting with a space, or empty). {@code ctorBody},
   * {@code beforeName} and {@code beforeLoad} are statements run in the provider's constructor, {@code name()}
   * and {@code load()}; {@code extra} is appended to the file.
   */
  public static String simplePluginSource(
      String pkg,
      String name,
      String messageExpression,
      String ctorBody,
      String beforeName,
      String beforeLoad,
      String extra) {
    return ("package %PKG%;\n"
            + "import io.github.pathcheck.api.*;\n"
            + "import java.util.Map;\n"
            + "public final class Provider implements CheckerProvider {\n"
            + "  public Provider() { %CTOR% }\n"
            + "  public String name() { %BNAME% return \"%NAME%\"; }\n"
            + "  public CheckerClass load(Map<String, String> options) { %BLOAD% return new Cls(); }\n"
            + "}\n"
            + "final class Cls implements CheckerClass {\n"
            + "  private volatile boolean unloaded;\n"
            + "  public String name() { return \"%NAME%\"; }\n"
            + "  public boolean isAsyncCapable() { return false; }\n"
            + "  public Checker init(PathDevice device, CheckerOptions options) {\n"
            + "    if (unloaded) throw new IllegalStateException(\"unloaded\");\n"
            + "    return new Chk(CheckResult.of(PathState.UP, %MSG%));\n"
            + "  }\n"
            + "  public void reset() {}\n"
            + "  public UnloadResult unload() { unloaded = true; return UnloadResult.complete(); }\n"
            + "}\n"
            + "final class Chk implements Checker {\n"
            + "  private final CheckResult answer;\n"
            + "  private volatile boolean freed;\n"
            + "  Chk(CheckResult answer) { this.answer = answer; }\n"
            + "  public CheckResult check() { live(); return answer; }\n"
            + "  public CheckResult pending() { live(); return answer; }\n"
            + "  public boolean needWait() { live(); return false; }\n"
            + "  public void free() { freed = true; }\n"
            + "  private void live() { if (freed) throw new IllegalStateException(\"freed\"); }\n"
            + "}\n"
            + "%EXTRA%\n")
        .replace("%PKG%", pkg)
        .replace("%NAME%", name)
        .replace("%CTOR%", ctorBody)
        .replace("%BNAME%", beforeName)
        .replace("%BLOAD%", beforeLoad)
        .replace("%MSG%", messageExpression)
        .replace("%EXTRA%", extra);
  }

  /** Writes a simple plugin named {@code name} (package {@code pkg}) as {@code dir/jarName}. */
  public static Path simple(Path dir, String jarName, String pkg, String name) {
    return PluginJarBuilder.create()
        .source(pkg + ".Provider", simplePluginSource(pkg, name, "\" is " + name + "\"", "", "", "", ""))
        .provider(pkg + ".Provider")
        .writeTo(dir.resolve(jarName));
  }

  /**
   * {@code good.jar}: checker "good", whose checkers answer up with " is good". It also bundles classes in
   * the packages shared with the host ({@code io.github.pathcheck.api.FakeApi}, {@code
   * io.github.pathcheck.nativeio.FakeNative}, {@code com.sun.jna.FakeJna}, {@code org.slf4j.FakeSlf4j}) and
   * resources ({@code com/example/good/data.txt}, {@code org/slf4j/fake.txt}), and a helper class {@code
   * com.example.good.Helper}.
   */
  public static Path good(Path dir) {
    PluginJarBuilder jar =
        PluginJarBuilder.create()
            .source(
                "com.example.good.Provider",
                simplePluginSource("com.example.good", "good", "\" is good\"", "", "", "", ""))
            .source("com.example.good.Helper", "package com.example.good; public class Helper {}")
            .provider("com.example.good.Provider")
            .resource("com/example/good/data.txt", "plugin data")
            .resource("org/slf4j/fake.txt", "must not be visible");
    for (String fake :
        new String[] {
          "io.github.pathcheck.api.FakeApi",
          "io.github.pathcheck.nativeio.FakeNative",
          "com.sun.jna.FakeJna",
          "org.slf4j.FakeSlf4j"
        }) {
      int dot = fake.lastIndexOf('.');
      jar.source(
          fake,
          "package " + fake.substring(0, dot) + "; public class " + fake.substring(dot + 1) + " {}");
    }
    return jar.writeTo(dir.resolve("good.jar"));
  }

  /**
   * {@code childfirst/}: a directory plugin of two jars, the plugin and its private dependency, which holds
   * its own {@code com.example.shared.Greeting} (answering "plugin"; the host test class path has one
   * answering "host"). Checker "childfirst" answers up with " sees greeting " and the version it sees.
   */
  public static Path childFirst(Path dir) {
    Path pluginDir = dir.resolve("childfirst");
    Path dependency =
        PluginJarBuilder.create()
            .source(
                "com.example.shared.Greeting",
                "package com.example.shared;\n"
                    + "public final class Greeting {\n"
                    + "  public static String version() { return \"plugin\"; }\n"
                    + "}\n")
            .writeTo(pluginDir.resolve("greeting-2.0.jar"));
    PluginJarBuilder.create()
        .classPath(dependency)
        .source(
            "com.example.childfirst.Provider",
            simplePluginSource(
                "com.example.childfirst",
                "childfirst",
                "\" sees greeting \" + com.example.shared.Greeting.version()",
                "",
                "",
                "",
                ""))
        .provider("com.example.childfirst.Provider")
        .writeTo(pluginDir.resolve("childfirst.jar"));
    return pluginDir;
  }

  /**
   * {@code peek.jar}: checker "peek", whose checkers' message reports which classes the plugin can load, as
   * {@code " <class>=visible|hidden ..."}, and {@code " services=<n>"}, the providers its own ServiceLoader
   * sees.
   */
  public static Path peek(Path dir) {
    String probe =
        "final class Probe {\n"
            + "  static final String[] NAMES = {\n"
            + "    \"com.google.common.base.Strings\", \"io.github.pathcheck.loader.CheckerRegistry\",\n"
            + "    \"com.example.shared.Greeting\", \"org.slf4j.Logger\", \"io.github.pathcheck.api.PathState\",\n"
            + "    \"java.sql.Connection\" };\n"
            + "  static String report() {\n"
            + "    ClassLoader own = Probe.class.getClassLoader();\n"
            + "    StringBuilder sb = new StringBuilder();\n"
            + "    for (String n : NAMES) {\n"
            + "      sb.append(' ').append(n).append('=');\n"
            + "      try { Class.forName(n, false, own); sb.append(\"visible\"); }\n"
            + "      catch (ClassNotFoundException e) { sb.append(\"hidden\"); }\n"
            + "    }\n"
            + "    int services = 0;\n"
            + "    for (CheckerProvider p : java.util.ServiceLoader.load(CheckerProvider.class, own)) services++;\n"
            + "    return sb.append(\" services=\").append(services).toString();\n"
            + "  }\n"
            + "}\n";
    return PluginJarBuilder.create()
        .source(
            "com.example.peek.Provider",
            simplePluginSource("com.example.peek", "peek", "Probe.report()", "", "", "", probe))
        .provider("com.example.peek.Provider")
        .writeTo(dir.resolve("peek.jar"));
  }

  /** {@code throwing-constructor.jar}: the provider's constructor throws. */
  public static Path throwingConstructor(Path dir) {
    return throwing(
        dir,
        "throwing-constructor.jar",
        "com.example.throwingctor",
        "throwingctor",
        "if (Boolean.parseBoolean(\"true\")) throw new IllegalStateException(\"constructor fails on purpose\");",
        "",
        "");
  }

  /** {@code throwing-name.jar}: the provider's {@code name()} throws. */
  public static Path throwingName(Path dir) {
    return throwing(
        dir,
        "throwing-name.jar",
        "com.example.throwingname",
        "throwingname",
        "",
        "if (Boolean.parseBoolean(\"true\")) throw new IllegalStateException(\"name() fails on purpose\");",
        "");
  }

  /** {@code failing-load.jar}: checker "failload", whose provider's {@code load()} throws. */
  public static Path failingLoad(Path dir) {
    return throwing(
        dir,
        "failing-load.jar",
        "com.example.failload",
        "failload",
        "",
        "",
        "if (Boolean.parseBoolean(\"true\")) throw new IllegalStateException(\"load fails on purpose\");");
  }

  private static Path throwing(
      Path dir, String jarName, String pkg, String name, String ctor, String beforeName, String beforeLoad) {
    return PluginJarBuilder.create()
        .source(
            pkg + ".Provider",
            simplePluginSource(pkg, name, "\"\"", ctor, beforeName, beforeLoad, ""))
        .provider(pkg + ".Provider")
        .writeTo(dir.resolve(jarName));
  }

  /** {@code missing-provider.jar}: its service file names a class the jar does not have. */
  public static Path missingProviderClass(Path dir) {
    return PluginJarBuilder.create()
        .provider("com.example.missing.Nope")
        .writeTo(dir.resolve("missing-provider.jar"));
  }

  /** {@code shared-package.jar}: its service file names a provider of the host (in a shared package). */
  public static Path sharedPackageProvider(Path dir) {
    return PluginJarBuilder.create()
        .provider("io.github.pathcheck.nativeio.loadertest.SharedPackageProvider")
        .writeTo(dir.resolve("shared-package.jar"));
  }

  /** {@code library.jar}: a plain library, no checker provider. */
  public static Path notAPlugin(Path dir) {
    return PluginJarBuilder.create()
        .source("com.example.lib.Util", "package com.example.lib; public final class Util {}")
        .writeTo(dir.resolve("library.jar"));
  }

  /**
   * {@code blocking.jar}: checker "blocking" (asynchronous-capable). A checker's {@code check()} starts the
   * class's worker thread,
   * which blocks reading the FIFO named by the per-path property {@code fifo} until a byte is written to it,
   * and answers pending until then. Unloading while the worker runs gives a deferred {@code UnloadResult},
   * released when the worker ends.
   */
  public static Path blocking(Path dir) {
    String source =
        "package com.example.blocking;\n"
            + "import io.github.pathcheck.api.*;\n"
            + "import java.io.*;\n"
            + "import java.util.*;\n"
            + "import java.util.concurrent.CompletableFuture;\n"
            + "public final class Provider implements CheckerProvider {\n"
            + "  public String name() { return \"blocking\"; }\n"
            + "  public CheckerClass load(Map<String, String> options) { return new Cls(); }\n"
            + "}\n"
            + "final class Cls implements CheckerClass {\n"
            + "  private final CompletableFuture<Void> workerDone = new CompletableFuture<>();\n"
            + "  private Thread worker;\n"
            + "  private String fifo;\n"
            + "  private UnloadResult unloaded;\n"
            + "  public String name() { return \"blocking\"; }\n"
            + "  public boolean isAsyncCapable() { return true; }\n"
            + "  public synchronized Checker init(PathDevice device, CheckerOptions options) {\n"
            + "    if (unloaded != null) throw new IllegalStateException(\"unloaded\");\n"
            + "    return new Chk(this, options.property(\"fifo\", device.path().toString()));\n"
            + "  }\n"
            + "  synchronized void startWorker(String fifo) {\n"
            + "    if (worker != null) return;\n"
            + "    this.fifo = fifo;\n"
            + "    CompletableFuture<Void> done = workerDone;\n"
            + "    worker = new Thread(() -> {\n"
            + "      try (InputStream in = new FileInputStream(fifo)) { in.read(); }\n"
            + "      catch (IOException e) { }\n"
            + "      finally { done.complete(null); }\n"
            + "    }, \"blocking-checker-worker\");\n"
            + "    worker.setDaemon(true);\n"
            + "    worker.start();\n"
            + "  }\n"
            + "  boolean workerDone() { return workerDone.isDone(); }\n"
            + "  public void reset() {}\n"
            + "  public synchronized UnloadResult unload() {\n"
            + "    if (unloaded == null) {\n"
            + "      unloaded = worker == null || workerDone.isDone()\n"
            + "          ? UnloadResult.complete()\n"
            + "          : UnloadResult.deferred(\n"
            + "              List.of(\"1 blocking worker thread reading \" + fifo), workerDone);\n"
            + "    }\n"
            + "    return unloaded;\n"
            + "  }\n"
            + "}\n"
            + "final class Chk implements Checker {\n"
            + "  private final Cls cls;\n"
            + "  private final String fifo;\n"
            + "  private volatile boolean freed;\n"
            + "  Chk(Cls cls, String fifo) { this.cls = cls; this.fifo = fifo; }\n"
            + "  public CheckResult check() { live(); cls.startWorker(fifo); return pending(); }\n"
            + "  public CheckResult pending() { live(); return cls.workerDone() ? CheckResult.UP : CheckResult.PENDING; }\n"
            + "  public boolean needWait() { live(); return false; }\n"
            + "  public void free() { freed = true; }\n"
            + "  private void live() { if (freed) throw new IllegalStateException(\"freed\"); }\n"
            + "}\n";
    return PluginJarBuilder.create()
        .source("com.example.blocking.Provider", source)
        .provider("com.example.blocking.Provider")
        .writeTo(dir.resolve("blocking.jar"));
  }

  /** The system property a {@link #contextLoader} checker's {@code free()} sets: {@code own} or {@code other}. */
  public static final String CONTEXT_LOADER_FREE_PROPERTY = "pathcheck.test.tccl.free";

  /**
   * {@code context-loader.jar}: checker "tccl" (asynchronous-capable), which checks that every call into it
   * runs with the plugin's own loader as the thread's context class loader. {@code check()} answers up with
   * {@code " ran in its own context"} when every call so far (init included) did, and down with a message
   * naming those that did not; with the per-path property {@code pending=true} it answers pending instead of
   * up, {@code needWait()} true, and {@code pending()} up or down the same way. {@code free()} sets the system
   * property {@link #CONTEXT_LOADER_FREE_PROPERTY} to {@code own} or {@code other}.
   */
  public static Path contextLoader(Path dir) {
    String source =
        "package com.example.tccl;\n"
            + "import io.github.pathcheck.api.*;\n"
            + "import java.util.Map;\n"
            + "public final class Provider implements CheckerProvider {\n"
            + "  public String name() { return \"tccl\"; }\n"
            + "  public CheckerClass load(Map<String, String> options) { return new Cls(); }\n"
            + "}\n"
            + "final class Cls implements CheckerClass {\n"
            + "  public String name() { return \"tccl\"; }\n"
            + "  public boolean isAsyncCapable() { return true; }\n"
            + "  public Checker init(PathDevice device, CheckerOptions options) {\n"
            + "    Chk chk = new Chk(Boolean.parseBoolean(options.property(\"pending\", \"false\")));\n"
            + "    chk.own(\"init\");\n"
            + "    return chk;\n"
            + "  }\n"
            + "  public void reset() {}\n"
            + "  public UnloadResult unload() { return UnloadResult.complete(); }\n"
            + "}\n"
            + "final class Chk implements Checker {\n"
            + "  private final boolean async;\n"
            + "  private final StringBuffer wrong = new StringBuffer();\n"
            + "  Chk(boolean async) { this.async = async; }\n"
            + "  boolean own(String call) {\n"
            + "    if (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()) return true;\n"
            + "    wrong.append(' ').append(call);\n"
            + "    return false;\n"
            + "  }\n"
            + "  public CheckResult check() {\n"
            + "    own(\"check\");\n"
            + "    return async && wrong.length() == 0 ? CheckResult.PENDING : answer();\n"
            + "  }\n"
            + "  public boolean needWait() { return own(\"needWait\"); }\n"
            + "  public CheckResult pending() { own(\"pending\"); return answer(); }\n"
            + "  private CheckResult answer() {\n"
            + "    return wrong.length() == 0\n"
            + "        ? CheckResult.of(PathState.UP, \" ran in its own context\")\n"
            + "        : CheckResult.of(PathState.DOWN, \" wrong context in\" + wrong);\n"
            + "  }\n"
            + "  public void free() {\n"
            + "    System.setProperty(\"%PROP%\", own(\"free\") ? \"own\" : \"other\");\n"
            + "  }\n"
            + "}\n";
    return PluginJarBuilder.create()
        .source("com.example.tccl.Provider", source.replace("%PROP%", CONTEXT_LOADER_FREE_PROPERTY))
        .provider("com.example.tccl.Provider")
        .writeTo(dir.resolve("context-loader.jar"));
  }
}
