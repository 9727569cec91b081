package io.cartpulse.settings;

import java.util.Collection;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The message for an unknown key: it names the key and the closest known one. */
public final class KnownKeys {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private KnownKeys() {}

  /** The known key closest to {@code key} by edit distance (ties: the first in {@code known}), or null. */
  public static String closest(String key, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = DISTANCE.apply(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** "unknown setting (did you mean churn.min-views?)". */
  public static String unknown(String key, Collection<String> known) {
    String closest = closest(key, known);
    return "unknown setting" + (closest == null ? "" : " (did you mean " + closest + "?)");
  }
}
