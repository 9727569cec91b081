package io.cartpulse.local.cli;

import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.settings.KnownKeys;
import io.cartpulse.settings.Setting;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * One {@code --config} file for both engines (run-local, backtest): each engine gets the keys it
 * knows (the rule keys go to both, each engine reads its own), and a key neither knows is refused
 * here, naming the closest known one, before anything starts.
 */
public record EngineSettings(Properties streams, Properties flink) {

  public static EngineSettings split(Properties config) throws Args.UsageException {
    Properties streams = new Properties();
    Properties flink = new Properties();
    List<String> unknown = new ArrayList<>();
    for (String key : config.stringPropertyNames()) {
      String value = config.getProperty(key);
      boolean forStreams = StreamsAppConfig.knows(key);
      boolean forFlink = JobConfig.knows(key);
      if (forStreams) {
        streams.setProperty(key, value);
      }
      if (forFlink) {
        flink.setProperty(key, value);
      }
      if (!forStreams && !forFlink) {
        unknown.add(key + ": " + KnownKeys.unknown(key, knownKeys()));
      }
    }
    if (!unknown.isEmpty()) {
      throw new Args.UsageException(String.join("; ", unknown));
    }
    return new EngineSettings(streams, flink);
  }

  private static Set<String> knownKeys() {
    Set<String> keys = new LinkedHashSet<>();
    StreamsAppConfig.settings().stream().map(Setting::key).forEach(keys::add);
    JobConfig.settings().stream().map(Setting::key).forEach(keys::add);
    return keys;
  }
}
