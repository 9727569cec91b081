package io.cartpulse.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics, the one implementation every section and bench-live use: the median and spread
 * (min..max) of repeated measurements of one quantity, and nearest-rank percentiles of a sample.
 */
public record Stats(double median, double min, double max, int runs) {

  public static Stats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(median, sorted[0], sorted[n - 1], n);
  }

  /** Over runs of which some may have measured nothing (NaN, skipped); all NaN and 0 runs when none did. */
  public static Stats ofRuns(List<Double> values) {
    double[] measured = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).toArray();
    return measured.length == 0 ? new Stats(Double.NaN, Double.NaN, Double.NaN, 0) : of(measured);
  }

  /** The median of runs, NaN ones skipped (the mean of the middle two for an even count); NaN when none. */
  public static double median(List<Double> values) {
    return ofRuns(values).median();
  }

  /** The p-th percentile (0 < p <= 100) by nearest rank, as latency tools report it; NaN for an empty sample. */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** The spread as a fraction of the median (max - min) / median; 0 for one run. */
  public double relativeSpread() {
    return median == 0 ? 0 : (max - min) / Math.abs(median);
  }
}
