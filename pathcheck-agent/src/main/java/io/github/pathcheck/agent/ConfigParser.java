package io.github.pathcheck.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads multipath.conf's syntax into statements ({@link ConfigNode}), without knowing any keyword: words
 * separated by blanks, {@code "quoted strings"}, comments from {@code #} or {@code !} to the end of the line,
 * a section as {@code name {} on one line and its statements up to the matching {@code }}, every other
 * statement a keyword and its value on one line.
 */
final class ConfigParser {
  private final Path file;
  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;

  private ConfigParser(Path file, String text) {
    this.file = file;
    this.text = text;
  }

  /** Returns the top-level statements of {@code text}, read from {@code file} (named in errors). */
  static List<ConfigNode> parse(Path file, String text) throws ConfigSyntaxException {
    ConfigParser parser = new ConfigParser(file, text);
    List<ConfigNode> top = parser.statements(false, 0, 0);
    return top;
  }

  private record Token(String text, boolean quoted, int line, int column) {
    boolean is(String s) {
      return !quoted && text.equals(s);
    }
  }

  private List<ConfigNode> statements(boolean inSection, int openLine, int openColumn)
      throws ConfigSyntaxException {
    List<ConfigNode> nodes = new ArrayList<>();
    while (true) {
      List<Token> tokens = lineTokens();
      if (tokens == null) {
        if (inSection) {
          throw error(openLine, openColumn, "section opened here is never closed: add a '}'");
        }
        return nodes;
      }
      if (tokens.isEmpty()) {
        continue;
      }
      Token first = tokens.get(0);
      if (first.is("}")) {
        if (!inSection) {
          throw error(first.line, first.column, "'}' closes no section");
        }
        if (tokens.size() > 1) {
          Token extra = tokens.get(1);
          throw error(extra.line, extra.column, "unexpected '" + extra.text + "' after '}'");
        }
        return nodes;
      }
      if (first.is("{")) {
        throw error(first.line, first.column, "'{' without a section name before it");
      }
      Token last = tokens.get(tokens.size() - 1);
      for (int i = 1; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if ((t.is("{") && i != tokens.size() - 1) || t.is("}")) {
          throw error(t.line, t.column, "unexpected '" + t.text + "': a section opens at the end of its"
              + " name's line and closes on a line of its own");
        }
      }
      if (last.is("{")) {
        if (tokens.size() != 2) {
          Token extra = tokens.get(1);
          throw error(extra.line, extra.column, "a section name is one word: unexpected '" + extra.text + "'");
        }
        List<ConfigNode> children = statements(true, first.line, first.column);
        nodes.add(new ConfigNode(first.text, "", List.copyOf(children), first.line, first.column, first.column));
      } else {
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < tokens.size(); i++) {
          if (i > 1) {
            value.append(' ');
          }
          value.append(tokens.get(i).text);
        }
        int valueColumn = tokens.size() > 1 ? tokens.get(1).column : first.column;
        nodes.add(new ConfigNode(first.text, value.toString(), null, first.line, first.column, valueColumn));
      }
    }
  }

  /** Returns the tokens of the next line (empty for a blank or comment line), or null at the end. */
  private List<Token> lineTokens() throws ConfigSyntaxException {
    if (pos >= text.length()) {
      return null;
    }
    List<Token> tokens = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        advance();
        return tokens;
      }
      if (Character.isWhitespace(c)) {
        advance();
      } else if (c == '#' || c == '!') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          advance();
        }
      } else if (c == '"') {
        int startLine = line;
        int startColumn = column;
        advance();
        StringBuilder s = new StringBuilder();
        while (true) {
          if (pos >= text.length() || text.charAt(pos) == '\n') {
            throw error(startLine, startColumn, "quoted string is not closed on its line: add a '\"'");
          }
          char q = text.charAt(pos);
          advance();
          if (q == '"') {
            break;
          }
          s.append(q);
        }
        tokens.add(new Token(s.toString(), true, startLine, startColumn));
      } else if (c == '{' || c == '}') {
        tokens.add(new Token(String.valueOf(c), false, line, column));
        advance();
      } else {
        int startColumn = column;
        int start = pos;
        while (pos < text.length()) {
          char w = text.charAt(pos);
          if (Character.isWhitespace(w) || w == '{' || w == '}' || w == '"' || w == '#' || w == '!') {
            break;
          }
          advance();
        }
        tokens.add(new Token(text.substring(start, pos), false, line, startColumn));
      }
    }
    return tokens;
  }

  private void advance() {
    if (text.charAt(pos) == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    pos++;
  }

  private ConfigSyntaxException error(int atLine, int atColumn, String what) {
    return new ConfigSyntaxException(file, atLine, atColumn, what);
  }
}
