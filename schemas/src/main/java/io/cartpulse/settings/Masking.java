package io.cartpulse.settings;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How secrets are masked wherever settings are printed or logged, the same in both engines and
 * the tools: a defined secret setting, and any pass-through key whose name says it holds a
 * password, a secret or credentials (Kafka's {@code sasl.jaas.config}, {@code ssl.*.password},
 * the registry's {@code basic.auth.user.info}).
 */
public final class Masking {
  public static final String MASK = "[hidden]";

  private Masking() {}

  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith("user.info")
        || k.contains("credentials") || k.endsWith(".token") || k.contains("api.key");
  }

  /** The settings with every secret value replaced by {@link #MASK}, sorted by key. */
  public static Map<String, String> masked(Map<String, String> settings, java.util.function.Predicate<String> secret) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, secret.test(k) || isSecretKey(k) ? MASK : v));
    return out;
  }
}
