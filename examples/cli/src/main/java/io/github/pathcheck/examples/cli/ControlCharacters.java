package io.github.pathcheck.examples.cli;

/**
 * Text output's defence against names that forge lines: every control character becomes a visible escape, so
 * that one printed line is one line whatever a path or a plugin's message holds. JSON output escapes with
 * {@link Json} instead.
 */
final class ControlCharacters {
  private ControlCharacters() {}

  /**
   * Returns {@code text} with {@code \n}, {@code \r} and {@code \t} written as those two characters, every other
   * C0 or C1 control character and DEL as {@code \xNN}, the line and paragraph separators (U+2028, U+2029) as a
   * backslash, {@code u} and four hex digits, and a backslash as {@code \\} (so that an escape cannot be forged either); anything else
   * unchanged.
   */
  static String escape(CharSequence text) {
    String value = text.toString();
    int i = 0;
    while (i < value.length() && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!needsEscape(c)) {
        out.append(c);
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c <= 0xff) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** Returns {@code value}'s text, escaped. */
  static String escape(Object value) {
    return escape(String.valueOf(value));
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
