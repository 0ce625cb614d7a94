package io.github.pathcheck.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Names what keeps a plugin's class loader reachable: live threads that run its code or use it as their
 * context class loader, idle pool threads whose task or thread factory is a plugin class, thread-local values
 * of its classes on live threads, shutdown hooks, {@code java.util.logging} handlers, and JNA's static caches
 * holding its classes; each with the fix. Best effort: a heap dump tells the rest.
 */
final class ClassLoaderHolders {
  private static final String JNA_HINT =
      " (the plugin bound native code itself with Native.load or Native.register; JNA's caches keep such a"
          + " class loader forever: call the host's io.github.pathcheck.nativeio instead)";
  private static final String POOL_FIX =
      " (fix: shut the executor down in onUnload() with shutdown(), not shutdownNow(), whose interrupt of a"
          + " reader blocked in a FileChannel waits for the read, and complete the UnloadResult's released() once"
          + " awaitTermination() says its threads are gone)";
  private static final String THREAD_LOCAL_FIX =
      " (fix: call remove() on the ThreadLocal in a finally block before the call that set it returns: the"
          + " host's threads outlive the plugin)";
  private static final String HOOK_FIX =
      " (fix: register no shutdown hook: the host owns the process; release in onUnload() instead, or remove"
          + " the hook there with Runtime.removeShutdownHook)";
  private static final String HANDLER_FIX =
      " (fix: log through SLF4J, which the host configures; a handler the plugin adds it removes in"
          + " onUnload() with Logger.removeHandler)";
  private static final String WORKER_CLASS = "java.util.concurrent.ThreadPoolExecutor$Worker";

  private ClassLoaderHolders() {}

  /**
   * Returns one line per holder found.
   *
   * @param loader the plugin's class loader
   * @param pluginClassNames the binary names of the classes in the plugin's jar(s)
   */
  static List<String> describe(ClassLoader loader, Set<String> pluginClassNames) {
    List<String> holders = new ArrayList<>();
    FieldPaths paths = new FieldPaths(loader);
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      Thread thread = entry.getKey();
      if (!thread.isAlive()) {
        continue;
      }
      String name = "thread '" + thread.getName() + "' (" + thread.getState() + ")";
      if (thread.getContextClassLoader() == loader) {
        holders.add(name + " has the plugin's class loader as its context class loader");
      }
      if (thread.getClass().getClassLoader() == loader) {
        holders.add(name + " is an instance of the plugin's class " + thread.getClass().getName());
      }
      boolean runsPluginCode = false;
      for (StackTraceElement frame : entry.getValue()) {
        // The same classes may also be on the host's class path: match the defining loader's name too.
        if (pluginClassNames.contains(frame.getClassName())
            && (loader.getName() == null || loader.getName().equals(frame.getClassLoaderName()))) {
          holders.add(name + " is running plugin code, at " + frame);
          runsPluginCode = true;
          break;
        }
      }
      for (String field : List.of("threadLocals", "inheritableThreadLocals")) {
        paths.from(FieldPaths.read(thread, field))
            .ifPresent(path -> holders.add(name + " holds a ThreadLocal value of the plugin: " + field + " -> "
                + path + THREAD_LOCAL_FIX));
      }
      Object target = FieldPaths.read(thread, "target");
      if (target != null && target.getClass().getName().equals(WORKER_CLASS)) {
        Object executor = FieldPaths.read(target, "this$0");
        String pool = (runsPluginCode ? "" : "idle ") + "pool " + name + " of a "
            + (executor == null ? "thread pool" : executor.getClass().getName());
        paths.from(executor)
            .or(() -> paths.from(target))
            .ifPresent(path -> holders.add(pool + " that refers to the plugin: " + path + POOL_FIX));
      } else if (!runsPluginCode) {
        paths.from(target)
            .ifPresent(path -> holders.add(name + " runs a task that refers to the plugin: target -> " + path
                + " (fix: stop the thread in onUnload())"));
      }
    }
    holders.addAll(shutdownHooks(loader, paths));
    holders.addAll(logHandlers(loader, paths));
    holders.addAll(jnaCaches(loader));
    return holders;
  }

  /** The threads registered with Runtime.addShutdownHook that refer to the plugin. */
  private static List<String> shutdownHooks(ClassLoader loader, FieldPaths paths) {
    List<String> holders = new ArrayList<>();
    Object hooks;
    try {
      hooks = FieldPaths.read(Class.forName("java.lang.ApplicationShutdownHooks"), "hooks");
    } catch (ClassNotFoundException | LinkageError e) {
      return holders;
    }
    if (!(hooks instanceof Map)) {
      return holders;
    }
    List<Object> threads;
    synchronized (hooks) {
      threads = new ArrayList<>(((Map<?, ?>) hooks).keySet());
    }
    for (Object hook : threads) {
      if (!(hook instanceof Thread)) {
        continue;
      }
      Thread thread = (Thread) hook;
      String name = "the shutdown hook thread '" + thread.getName() + "' (Runtime.addShutdownHook)";
      if (thread.getClass().getClassLoader() == loader) {
        holders.add(name + " is an instance of the plugin's class " + thread.getClass().getName() + HOOK_FIX);
      } else if (thread.getContextClassLoader() == loader) {
        holders.add(name + " has the plugin's class loader as its context class loader" + HOOK_FIX);
      } else {
        paths.from(FieldPaths.read(thread, "target"))
            .ifPresent(path -> holders.add(name + " refers to the plugin: target -> " + path + HOOK_FIX));
      }
    }
    return holders;
  }

  /** Handlers of java.util.logging's loggers (the root logger's included) that refer to the plugin. */
  private static List<String> logHandlers(ClassLoader loader, FieldPaths paths) {
    List<String> holders = new ArrayList<>();
    LogManager manager = LogManager.getLogManager();
    for (String loggerName : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(loggerName);
      if (logger == null) {
        continue;
      }
      String described = loggerName.isEmpty() ? "the root logger" : "the logger '" + loggerName + "'";
      for (Handler handler : logger.getHandlers()) {
        paths.from(handler)
            .ifPresent(path -> holders.add("java.util.logging: " + described + " has the handler "
                + handler.getClass().getName() + ", which refers to the plugin: " + path + HANDLER_FIX));
      }
      paths.from(logger.getFilter())
          .ifPresent(path -> holders.add("java.util.logging: " + described
              + " has a filter that refers to the plugin: " + path
              + HANDLER_FIX));
    }
    return holders;
  }

  /** Static maps of com.sun.jna classes (Native.typeOptions, registeredClasses, libraries, ...). */
  private static List<String> jnaCaches(ClassLoader loader) {
    List<String> holders = new ArrayList<>();
    for (String className :
        List.of("com.sun.jna.Native", "com.sun.jna.NativeLibrary", "com.sun.jna.Structure")) {
      Class<?> type;
      try {
        type = Class.forName(className, false, ClassLoaderHolders.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // JNA is not on this host: nothing of it can hold the loader
      }
      for (Field field : type.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) || !Map.class.isAssignableFrom(field.getType())) {
          continue;
        }
        Map<?, ?> map;
        try {
          field.setAccessible(true);
          map = (Map<?, ?>) field.get(null);
        } catch (RuntimeException | IllegalAccessException e) {
          holders.add("(cannot inspect " + className + "." + field.getName() + ": " + e + ")");
          continue;
        }
        if (map == null) {
          continue;
        }
        List<Object> keysAndValues = new ArrayList<>();
        synchronized (map) {
          keysAndValues.addAll(map.keySet());
          keysAndValues.addAll(map.values());
        }
        for (Object element : keysAndValues) {
          String held = definedBy(element, loader);
          if (held != null) {
            holders.add(className + "." + field.getName() + " holds " + held + JNA_HINT);
            break;
          }
        }
      }
    }
    return holders;
  }

  /** Returns what {@code element} refers to that the loader defined, or null. Looks one level into maps. */
  private static String definedBy(Object element, ClassLoader loader) {
    if (element == null) {
      return null;
    }
    if (element instanceof Class) {
      Class<?> type = (Class<?>) element;
      return type.getClassLoader() == loader ? "the plugin's class " + type.getName() : null;
    }
    if (element == loader) {
      return "the plugin's class loader";
    }
    if (element.getClass().getClassLoader() == loader) {
      return "an instance of the plugin's class " + element.getClass().getName();
    }
    Collection<?> nested = null;
    if (element instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) element;
      List<Object> copy = new ArrayList<>();
      synchronized (map) {
        copy.addAll(map.keySet());
        copy.addAll(map.values());
      }
      nested = copy;
    }
    if (nested != null) {
      for (Object inner : nested) {
        if (inner instanceof Class && ((Class<?>) inner).getClassLoader() == loader) {
          return "the plugin's class " + ((Class<?>) inner).getName();
        }
        if (inner == loader) {
          return "the plugin's class loader";
        }
        if (inner != null && inner.getClass().getClassLoader() == loader) {
          return "an instance of the plugin's class " + inner.getClass().getName();
        }
      }
    }
    return null;
  }
}
