package io.cartpulse.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.settings.SettingsInForce;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSettingsViewTest {
  private final RuleSettingsView view = new RuleSettingsView(
      SettingsInForce.fromStartup(Map.of("churn.min-views", "5")));

  private static RuleSettings version(long version, long effectiveFrom, Map<String, String> settings) {
    return new RuleSettings(version, Instant.ofEpochMilli(effectiveFrom), Map.copyOf(settings));
  }

  private static String valueOf(List<RuleSettingsView.InForce> inForce, String key) {
    return inForce.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().value();
  }

  private static Long sourceOf(List<RuleSettingsView.InForce> inForce, String key) {
    return inForce.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().fromVersion();
  }

  @Test
  void theSettingsInForceAreTheStartUpValuesWithTheVersionsEffectiveByTheClock() {
    view.add(version(1, 1_000, Map.of("surge.factor", "4.5", "coupon.enabled", "false")));
    view.add(version(2, 500, Map.of("surge.factor", "5")));
    view.add(version(3, 2_000, Map.of("surge.factor", "6")));

    List<RuleSettingsView.InForce> before = view.inForceAt(499);
    assertThat(valueOf(before, "surge.factor")).isEqualTo("3.0");
    assertThat(sourceOf(before, "surge.factor")).isNull();
    assertThat(valueOf(before, "churn.min-views")).as("from the start-up configuration").isEqualTo("5");

    // effectiveFrom order decides: version 1 (1000) comes after version 2 (500).
    List<RuleSettingsView.InForce> at1500 = view.inForceAt(1_500);
    assertThat(valueOf(at1500, "surge.factor")).isEqualTo("4.5");
    assertThat(sourceOf(at1500, "surge.factor")).isEqualTo(1);
    assertThat(valueOf(at1500, "coupon.enabled")).isEqualTo("false");
    assertThat(valueOf(view.inForceAt(2_000), "surge.factor")).isEqualTo("6");
    assertThat(view.versions()).extracting(RuleSettingsView.Version::version).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aVersionTheEnginesWouldRefuseIsListedWithItsReasonAndAppliesToNothing() {
    long changes = view.changes();
    view.add(version(7, 0, Map.of("surge.factor", "-1")));

    assertThat(view.changes()).isGreaterThan(changes);
    assertThat(view.versions()).singleElement().satisfies(v -> assertThat(v.refused()).contains("surge.factor"));
    assertThat(valueOf(view.inForceAt(10), "surge.factor")).isEqualTo("3.0");
  }
}
