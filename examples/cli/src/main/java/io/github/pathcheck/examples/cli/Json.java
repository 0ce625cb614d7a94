package io.github.pathcheck.examples.cli;

/** The little JSON the CLI prints: string literals escaped per RFC 8259, and flat objects. */
final class Json {
  private Json() {}

  /**
   * Returns {@code fields} as a one-line JSON object, in the map's order: numbers and booleans as they are,
   * maps as nested objects, other values as strings.
   */
  @SuppressWarnings("unchecked") // a nested map is one this class was given: keyed by strings
  static String object(java.util.Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    for (java.util.Map.Entry<String, ?> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      Object value = field.getValue();
      out.append(string(field.getKey())).append(": ");
      if (value instanceof java.util.Map) {
        out.append(object((java.util.Map<String, ?>) value));
      } else {
        out.append(value instanceof Number || value instanceof Boolean ? value.toString() : string(String.valueOf(value)));
      }
    }
    return out.append('}').toString();
  }

  /** Returns {@code value} as a JSON string literal, quotes included. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
