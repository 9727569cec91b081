package io.cartpulse.bench.jmh;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.rules.RuleContext;
import io.cartpulse.streams.rules.ShopperRules;
import io.cartpulse.streams.rules.UserState;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** Default rule settings and typical per-user states for the hot-path benchmarks. */
final class Fixtures {
  static final long T0 = 1_569_888_000_000L;
  static final long MINUTE = 60_000L;

  private Fixtures() {}

  /** The streams-app configuration with every rule at its documented default. */
  static StreamsAppConfig defaults() {
    return StreamsAppConfig.of(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "bench:9092",
        RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + "jmh"));
  }

  static Click click(EventType type, long time, String productId, String category, long priceCents) {
    return new Click(type, time, "user-42", productId, category, "session-1", priceCents);
  }

  /**
   * A typical active user: previous event a view a minute ago, three products with two to three
   * recent views each (prices dropping on p2).
   */
  static UserState typicalUser(ShopperRules rules, long now) {
    UserState state = rules.newState();
    Context context = new Context(now);
    for (Click click : List.of(
        click(EventType.VIEW, now - 9 * MINUTE, "p1", "electronics.smartphone", 29_900),
        click(EventType.VIEW, now - 8 * MINUTE, "p2", "electronics.smartphone", 49_900),
        click(EventType.VIEW, now - 6 * MINUTE, "p2", "electronics.smartphone", 45_900),
        click(EventType.VIEW, now - 4 * MINUTE, "p1", "electronics.smartphone", 29_900),
        click(EventType.VIEW, now - 2 * MINUTE, "p2", "electronics.smartphone", 44_900),
        click(EventType.VIEW, now - MINUTE, "p3", "electronics.smartphone", 1_999))) {
      evaluate(rules, state, click, context);
    }
    return state;
  }

  /** One event through every rule, with the processor's pruning around it. */
  static void evaluate(ShopperRules rules, UserState state, Click click, Context context) {
    var list = rules.rules();
    for (int i = 0; i < list.size(); i++) {
      if (state.peek(i) != null) {
        list.get(i).prune(state.peek(i), click.time(), context.clock);
      }
    }
    for (int i = 0; i < list.size(); i++) {
      list.get(i).onEvent(click, state.slice(i), context);
    }
    for (int i = 0; i < list.size(); i++) {
      if (state.peek(i) != null) {
        list.get(i).prune(state.peek(i), click.time(), context.clock);
      }
    }
  }

  /** The processor's side of the rules, with the default settings and nothing stored. */
  static final class Context implements RuleContext {
    final SettingsTimeline timeline = SettingsTimeline.of(SettingsInForce.defaults());
    final long clock;
    Alert last;

    Context(long clock) {
      this.clock = clock;
    }

    @Override
    public String userId() {
      return "user-42";
    }

    @Override
    public long clock() {
      return clock;
    }

    @Override
    public long detectedAt() {
      return clock;
    }

    @Override
    public SettingsInForce settingsAt(long eventTime) {
      return timeline.at(eventTime);
    }

    @Override
    public void emit(Alert alert) {
      last = alert;
    }

    @Override
    public void wakeAt(long due, String item) {}

    @Override
    public void cancelWake(long due, String item) {}
  }
}
