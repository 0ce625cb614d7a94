package io.github.pathcheck.agent;

/** The agent cannot start; its message is one line saying why and what to change. Nothing was left running. */
final class AgentStartException extends Exception {
  private static final long serialVersionUID = 1L;

  AgentStartException(String message, Throwable cause) {
    super(message, cause);
  }

  AgentStartException(String message) {
    super(message);
  }
}
