package io.cartpulse.settings;

import java.util.Locale;

/**
 * Environment variables for settings, one direction only: from a known key to its variable
 * ({@code CARTPULSE_} + the key upper-cased, '.' and '-' as '_'). A variable is never turned back
 * into a key by guessing ('_' could have been '.' or '-'); it is looked up among the variables of
 * the known keys, and one that matches none is refused with the closest known variable.
 */
public final class EnvNames {
  public static final String PREFIX = "CARTPULSE_";

  private EnvNames() {}

  public static String of(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
