package io.github.pathcheck.agent;

import java.util.List;

/**
 * One statement of a multipath.conf file: a keyword with its value ({@code path_checker tur}), or a section
 * ({@code devices { ... }}), whose value is empty and whose children are its statements.
 *
 * @param keyword the statement's first word
 * @param value the rest of the line, quotes removed, words joined by one space; empty for a section
 * @param children the section's statements; null for a keyword
 * @param line the keyword's line, from 1
 * @param column the keyword's column, from 1
 * @param valueColumn the value's column, from 1 (the keyword's column when there is no value)
 */
record ConfigNode(
    String keyword, String value, List<ConfigNode> children, int line, int column, int valueColumn) {

  boolean isSection() {
    return children != null;
  }
}
