package io.github.pathcheck.testkit;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import sun.misc.Unsafe;

/**
 * Finds a chain of strong references, field by field, from a root object to something a class loader defined
 * (the loader, one of its classes, or an instance of one), breadth-first and bounded, for naming what keeps a
 * plugin's class loader reachable. It reads fields through {@link Unsafe}, so it needs no {@code --add-opens},
 * and it does not follow weak or soft references, classes (their static fields), other class loaders, threads
 * other than the root, thread groups, or {@code java.util.logging}'s log manager and loggers (searched as
 * roots). Best effort: fields that cannot be read are skipped. Not thread-safe: one instance per description of
 * a loader, whose searches share the objects they have seen.
 */
final class FieldPaths {
  private static final int MAX_DEPTH = 10;
  private static final int MAX_OBJECTS = 200_000;
  private static final Unsafe UNSAFE = unsafe();
  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();
  /** The fields of a root thread that are searched: what it runs and its thread-local values. */
  private static final Set<String> THREAD_FIELDS = Set.of("target", "threadLocals", "inheritableThreadLocals");

  private final ClassLoader loader;
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  FieldPaths(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Returns the shortest chain from {@code root} to something the loader defined, as {@code "field (Type) ->
   * field: what"}, or empty if there is none within the bounds. Objects seen by an earlier search of this
   * instance are not searched again.
   */
  Optional<String> from(Object root) {
    if (root == null || UNSAFE == null) {
      return Optional.empty();
    }
    String direct = held(root);
    if (direct != null) {
      return Optional.of(direct);
    }
    Deque<Step> queue = new ArrayDeque<>();
    queue.add(new Step(root, null, null, 0));
    seen.add(root);
    while (!queue.isEmpty() && seen.size() < MAX_OBJECTS) {
      Step step = queue.poll();
      if (step.depth >= MAX_DEPTH) {
        continue;
      }
      for (Map.Entry<String, Object> reference : references(step.object, step.depth == 0)) {
        Object target = reference.getValue();
        if (target == null || !seen.add(target)) {
          continue;
        }
        Step next = new Step(target, step, reference.getKey(), step.depth + 1);
        String what = held(target);
        if (what != null) {
          return Optional.of(next.path() + ": " + what);
        }
        if (followed(target)) {
          queue.add(next);
        }
      }
    }
    return Optional.empty();
  }

  /** Reads a field of {@code object} (static when {@code object} is a class) by name, or null. */
  static Object read(Object object, String fieldName) {
    if (UNSAFE == null || object == null) {
      return null;
    }
    try {
      if (object instanceof Class) {
        Field field = ((Class<?>) object).getDeclaredField(fieldName);
        return UNSAFE.getObject(UNSAFE.staticFieldBase(field), UNSAFE.staticFieldOffset(field));
      }
      for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (field.getName().equals(fieldName) && !Modifier.isStatic(field.getModifiers())) {
            return UNSAFE.getObject(object, UNSAFE.objectFieldOffset(field));
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** What the loader defined that {@code object} is, or null. */
  private String held(Object object) {
    if (object == loader) {
      return "the plugin's class loader";
    }
    if (object instanceof Class) {
      return ((Class<?>) object).getClassLoader() == loader
          ? "the plugin's class " + ((Class<?>) object).getName()
          : null;
    }
    return object.getClass().getClassLoader() == loader
        ? "an instance of the plugin's class " + object.getClass().getName()
        : null;
  }

  /** Whether the search goes on through {@code object}: not through what reaches everything, or is a root. */
  private static boolean followed(Object object) {
    return !(object instanceof Class)
        && !(object instanceof ClassLoader)
        && !(object instanceof Thread)
        && !(object instanceof ThreadGroup)
        && !(object instanceof LogManager)
        && !(object instanceof Logger)
        && !(object instanceof String);
  }

  /** The strong references of {@code object}: its reference fields or array elements. */
  private List<Map.Entry<String, Object>> references(Object object, boolean root) {
    List<Map.Entry<String, Object>> out = new ArrayList<>();
    Class<?> type = object.getClass();
    if (type.isArray()) {
      if (type.getComponentType().isPrimitive()) {
        return out;
      }
      Object[] array = (Object[]) object;
      for (int i = 0; i < array.length; i++) {
        if (array[i] != null) {
          out.add(new SimpleImmutableEntry<>("[" + i + "]", array[i]));
        }
      }
      return out;
    }
    for (Field field : fields(type)) {
      if (root
          && object instanceof Thread
          && field.getDeclaringClass() == Thread.class
          && !THREAD_FIELDS.contains(field.getName())) {
        continue; // its context loader and access control context are named apart, or are the JVM's
      }
      try {
        Object value = UNSAFE.getObject(object, UNSAFE.objectFieldOffset(field));
        if (value != null) {
          out.add(new SimpleImmutableEntry<>(field.getName(), value));
        }
      } catch (RuntimeException e) {
        // a hidden class's or a record's field: not readable this way; skipped
      }
    }
    return out;
  }

  /** The reference fields of {@code type} and its superclasses, but a Reference's own (weak, soft) ones. */
  private static List<Field> fields(Class<?> type) {
    return FIELDS.computeIfAbsent(
        type,
        t -> {
          List<Field> fields = new ArrayList<>();
          for (Class<?> c = t; c != null; c = c.getSuperclass()) {
            if (c == Reference.class || c.isHidden() || c.isRecord()) {
              continue;
            }
            for (Field field : c.getDeclaredFields()) {
              if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                fields.add(field);
              }
            }
          }
          return List.copyOf(fields);
        });
  }

  private static Unsafe unsafe() {
    try {
      Field field = Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (Unsafe) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** One object reached, with how. */
  private static final class Step {
    final Object object;
    final Step parent;
    final String field;
    final int depth;

    Step(Object object, Step parent, String field, int depth) {
      this.object = object;
      this.parent = parent;
      this.field = field;
      this.depth = depth;
    }

    /** The fields from the root to this object, each intermediate one with its object's class. */
    String path() {
      List<String> parts = new ArrayList<>();
      for (Step s = this; s.parent != null; s = s.parent) {
        parts.add(s == this ? s.field : s.field + " (" + s.object.getClass().getName() + ")");
      }
      Collections.reverse(parts);
      return String.join(" -> ", parts);
    }
  }
}
