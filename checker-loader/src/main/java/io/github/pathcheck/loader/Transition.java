package io.github.pathcheck.loader;

/** A change of a path's state, queued for the {@link PathTransitionListener}s. */
record Transition(PathStatus from, PathStatus to) {}
