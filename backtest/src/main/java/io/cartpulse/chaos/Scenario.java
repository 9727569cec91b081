package io.cartpulse.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chaos scenario: the faults injected while the input is fed, each at a point of the feed (a
 * fraction of the input events sent), and whether a burst of poison records is mixed in.
 *
 * @param poisonAt where the poison burst starts (fraction of the input), or a negative number for none
 */
record Scenario(String name, String description, List<Fault> faults, double poisonAt) {

  /** A fault: what is broken, when, for how long. */
  record Fault(Kind kind, String target, double at, Duration down, boolean wipeState) {
    enum Kind { KILL_STREAMS, KILL_FLINK, RESTART_BROKER, FREEZE_REGISTRY }

    static Fault killStreams(String instance, double at, Duration down, boolean wipeState) {
      return new Fault(Kind.KILL_STREAMS, instance, at, down, wipeState);
    }

    static Fault killFlink(double at, Duration down) {
      return new Fault(Kind.KILL_FLINK, "flink", at, down, false);
    }

    static Fault restartBroker(double at, Duration down) {
      return new Fault(Kind.RESTART_BROKER, "kafka", at, down, false);
    }

    static Fault freezeRegistry(double at, Duration down) {
      return new Fault(Kind.FREEZE_REGISTRY, "registry", at, down, false);
    }

    String describe() {
      String when = String.format("at %.0f%% of the input", at * 100);
      return switch (kind) {
        case KILL_STREAMS -> "kill -9 " + target + " " + when + ", restarted " + down.toSeconds() + " s later on "
            + (wipeState ? "an emptied state directory (restore from the changelogs)" : "its state directory");
        case KILL_FLINK -> "kill -9 the Flink process " + when + ", restarted " + down.toSeconds()
            + " s later from its latest retained checkpoint";
        case RESTART_BROKER -> "kill -9 the broker " + when + ", restarted " + down.toSeconds()
            + " s later on the same log directory and ports";
        case FREEZE_REGISTRY -> "registry stopped (SIGSTOP) " + when + " for " + down.toSeconds() + " s";
      };
    }
  }

  static final Duration RESTART_AFTER = Duration.ofSeconds(5);

  /**
   * Where the streams-app kill scenarios strike: after two minutes of input at the default rate, when the
   * other processes' JIT compilers have quieted down, as a deployment's long-running broker and engines
   * have. Earlier (40%, 80 s in) the young JVMs still compiled and took CPU from the restart
   * (docs/RELIABILITY.md, sixth pass).
   */
  static final double STREAMS_KILL_AT = 0.6;

  /** Every scenario, by name, in the order a full run takes them. */
  static Map<String, Scenario> all() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    add(all, new Scenario("baseline", "no fault: the live output must equal the backtest", List.of(), -1));
    add(all, new Scenario("streams-kill", "a streams-app instance killed and restarted on its state",
        List.of(Fault.killStreams("streams-1", STREAMS_KILL_AT, RESTART_AFTER, false)), -1));
    add(all, new Scenario("streams-kill-wiped", "a streams-app instance killed, its state deleted, restarted",
        List.of(Fault.killStreams("streams-1", STREAMS_KILL_AT, RESTART_AFTER, true)), -1));
    add(all, new Scenario("flink-kill", "the Flink process killed and restarted from its checkpoint",
        List.of(Fault.killFlink(0.4, RESTART_AFTER)), -1));
    add(all, new Scenario("broker-restart", "the broker killed and restarted on its log directory",
        List.of(Fault.restartBroker(0.4, Duration.ofSeconds(10))), -1));
    add(all, new Scenario("registry-outage", "the registry stopped for 30 s; an instance restarts meanwhile",
        List.of(Fault.freezeRegistry(0.3, Duration.ofSeconds(30)),
            Fault.killStreams("streams-2", 0.32, RESTART_AFTER, false)), -1));
    add(all, new Scenario("poison", "a burst of poison records mixed into the input", List.of(), 0.5));
    add(all, new Scenario("all", "every fault in one run, the streams-app kill longer than the session timeout",
        List.of(Fault.killStreams("streams-1", 0.1, RESTART_AFTER, false),
            Fault.killFlink(0.25, RESTART_AFTER),
            Fault.restartBroker(0.35, Duration.ofSeconds(10)),
            Fault.killStreams("streams-2", 0.5, Duration.ofSeconds(40), true),
            Fault.freezeRegistry(0.6, Duration.ofSeconds(30))), 0.45));
    return all;
  }

  /** The reduced set of {@code scripts/chaos --quick}: one kill per engine. */
  static List<String> quick() {
    return List.of("streams-kill", "flink-kill");
  }

  private static void add(Map<String, Scenario> all, Scenario scenario) {
    all.put(scenario.name(), scenario);
  }
}
