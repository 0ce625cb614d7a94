package io.github.pathcheck.monitor;

/** A change of a path's state, queued for the {@link PathTransitionListener}s. */
record Transition(PathStatus from, PathStatus to) {}
