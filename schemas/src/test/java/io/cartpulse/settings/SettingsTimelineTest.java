package io.cartpulse.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.rules.RuleCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S(t) of ALERTS.md section 8. */
class SettingsTimelineTest {
  private static final SettingsInForce START = SettingsInForce.fromStartup(Map.of("surge.min-views", "40"));

  private static SettingsVersion v(long version, long from, String... keyValues) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return SettingsVersion.of(version, from, settings);
  }

  @Test
  void aVersionIsInForceFromItsEffectiveFromInclusive() {
    SettingsTimeline timeline = SettingsTimeline.of(START, List.of(v(1, 100, "surge.min-views", "60")));

    assertThat(timeline.at(99).get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(40);
    assertThat(timeline.at(100).get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(60);
    assertThat(timeline.at(Long.MAX_VALUE).get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(60);
    assertThat(timeline.at(Long.MIN_VALUE).get(RuleCatalog.SURGE_FACTOR)).isEqualByComparingTo("3.0");
  }

  @Test
  void eachKeyComesFromTheLatestVersionInForceThatSetsIt_equalTimesByVersion() {
    SettingsTimeline timeline = SettingsTimeline.of(START, List.of(
        v(5, 100, "surge.min-views", "60", "churn.enabled", "false"),
        v(6, 100, "surge.min-views", "70"),
        v(7, 50, "surge.min-views", "55", "churn.min-views", "3"),
        v(8, 200, "churn.enabled", "true")));

    assertThat(timeline.at(50).get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(55);
    assertThat(timeline.at(100).get(RuleCatalog.SURGE_MIN_VIEWS)).as("version 6 over 5 at equal times").isEqualTo(70);
    assertThat(timeline.at(100).get(RuleCatalog.CHURN_MIN_VIEWS)).as("kept from version 7").isEqualTo(3);
    assertThat(timeline.at(150).get(RuleCatalog.CHURN.enabled())).isFalse();
    assertThat(timeline.at(200).get(RuleCatalog.CHURN.enabled())).isTrue();
    assertThat(timeline.latestVersion()).isEqualTo(8);
  }

  @Test
  void aVersionLearnedLaterIsAddedOnceAndTheTimelineSurvivesSerialization() throws Exception {
    SettingsTimeline timeline = SettingsTimeline.of(START).with(v(1, 10, "coupon.tiers", "50"));
    assertThat(timeline.with(v(1, 10, "coupon.tiers", "50"))).isSameAs(timeline);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(timeline);
    }
    SettingsTimeline copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SettingsTimeline) in.readObject();
    }
    assertThat(copy.at(10).get(RuleCatalog.COUPON_TIERS)).containsExactly(5_000L);
    assertThat(copy.at(9).get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(40);
    assertThat(copy.versions()).isEqualTo(timeline.versions());
  }
}
