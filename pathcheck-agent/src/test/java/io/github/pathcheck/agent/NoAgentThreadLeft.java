package io.github.pathcheck.agent;

import static io.github.pathcheck.agent.AgentResources.liveAgentThreads;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves an agent thread ({@code pathcheck-agent*}) alive that was not alive before it: the
 * rescan's, the HTTP server's and the monitor's among them. {@code @ExtendWith(NoAgentThreadLeft.class)}.
 */
final class NoAgentThreadLeft implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoAgentThreadLeft.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("threads", liveAgentThreads());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterEach(ExtensionContext context) {
    Set<Thread> before = context.getStore(NAMESPACE).get("threads", Set.class);
    assertThat(liveAgentThreads()).as("agent threads left by the test").isSubsetOf(before);
  }
}
