package io.github.pathcheck.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names what keeps a plugin's class loader reachable: live threads that run its code or use it as their
 * context class loader, and JNA's static caches holding its classes. Best effort: a heap dump tells the rest.
 */
final class ClassLoaderHolders {
  private static final String JNA_HINT =
      " (the plugin bound native code itself with Native.load or Native.register; JNA's caches keep such a"
          + " class loader forever: call the host's io.github.pathcheck.nativeio instead)";

  private ClassLoaderHolders() {}

  /**
   * Returns one line per holder found.
   *
   * @param loader the plugin's class loader
   * @param pluginClassNames the binary names of the classes in the plugin's jar(s)
   */
  static List<String> describe(ClassLoader loader, Set<String> pluginClassNames) {
    List<String> holders = new ArrayList<>();
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
      for (StackTraceElement frame : entry.getValue()) {
        // The same classes may also be on the host's class path: match the defining loader's name too.
        if (pluginClassNames.contains(frame.getClassName())
            && (loader.getName() == null || loader.getName().equals(frame.getClassLoaderName()))) {
          holders.add(name + " is running plugin code, at " + frame);
          break;
        }
      }
    }
    holders.addAll(jnaCaches(loader));
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
