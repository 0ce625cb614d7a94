package io.github.pathcheck.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Measures how often the races contract fails the kit's own two checkers with shared state and no
 * synchronisation: a race shows only when threads interleave badly, so one run is a sample. Not part of the
 * build; it runs with {@code -Dpathcheck.kit.races.repeat=N} and writes {@code target/kit-races.txt}:
 *
 * <pre>
 * ./mvnw -B -o test -pl checker-testkit -Dtest=RaceCatchRateTest -Dpathcheck.kit.races.repeat=20
 * </pre>
 */
@EnabledIfSystemProperty(named = "pathcheck.kit.races.repeat", matches = "[0-9]+")
class RaceCatchRateTest {

  @Test
  void racesOfTheKitsOwnCheckers() throws IOException {
    int runs = Integer.getInteger("pathcheck.kit.races.repeat");
    StringBuilder report = new StringBuilder();
    for (Class<?> kit : List.of(KitsUnderTest.StaticMapKit.class, KitsUnderTest.LiveSetKit.class)) {
      int failed = 0;
      for (int i = 0; i < runs; i++) {
        long failures =
            EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(kit, "sharedStateSurvivesChurnAndReset"))
                .execute()
                .testEvents()
                .failed()
                .count();
        if (failures > 0) {
          failed++;
        }
      }
      report.append(kit.getSimpleName()).append(": failed ").append(failed).append(" of ").append(runs)
          .append(" runs\n");
    }
    Files.writeString(Path.of("target", "kit-races.txt"), report);
    System.out.println(report);
  }
}
