/**
 * The checker loop: {@link io.github.pathcheck.monitor.PathMonitor} watches a host's paths with their checkers
 * as multipathd's checker loop does, so that hosts do not write it again.
 *
 * <p>The facade is {@link io.github.pathcheck.monitor.PathMonitor}; one round of checks is {@code CheckRound},
 * the thread that runs rounds {@code MonitorThread}. A path's state is a {@link
 * io.github.pathcheck.monitor.PathStatus}; listeners are told of transitions ({@link
 * io.github.pathcheck.monitor.PathTransitionListener}) and of every answer with its latency ({@link
 * io.github.pathcheck.monitor.PathAnswerListener}). The loop calls its checkers only through the registry's
 * public {@link io.github.pathcheck.loader.PathChecker}, which bounds every call.
 */
package io.github.pathcheck.monitor;
