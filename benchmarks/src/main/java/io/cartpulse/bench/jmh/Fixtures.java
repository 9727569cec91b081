package io.cartpulse.bench.jmh;

import io.cartpulse.click.EventType;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.state.StateRetention;
import io.cartpulse.streams.state.UserRuleState;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Default rule settings and typical per-user states for the hot-path benchmarks. */
final class Fixtures {
  static final long T0 = 1_569_888_000_000L;
  static final long MINUTE = 60_000L;

  private Fixtures() {}

  /** The streams-app configuration with every rule at its documented default. */
  static StreamsAppConfig defaults() {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "bench:9092");
    props.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + "jmh");
    return StreamsAppConfig.fromProperties(StreamsAppConfig.merge(props, Map.of()));
  }

  static StateRetention retention() {
    return StateRetention.from(defaults().rules());
  }

  static Click click(EventType type, long time, String productId, String category, long priceCents) {
    return new Click(type, time, "user-42", productId, category, "session-1", priceCents);
  }

  /**
   * A typical active user: previous event a view a minute ago, three products with two to three
   * recent views each (prices dropping on p2).
   */
  static UserRuleState typicalUser(long now) {
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, now - MINUTE, "session-1", "electronics.smartphone");
    state.product("p1").addView(now - 9 * MINUTE, 29_900);
    state.product("p1").addView(now - 4 * MINUTE, 29_900);
    state.product("p2").addView(now - 8 * MINUTE, 49_900);
    state.product("p2").addView(now - 6 * MINUTE, 45_900);
    state.product("p2").addView(now - 2 * MINUTE, 44_900);
    state.product("p3").addView(now - MINUTE, 1_999);
    return state;
  }
}
