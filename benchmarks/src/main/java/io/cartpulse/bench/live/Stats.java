package io.cartpulse.bench.live;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest-rank percentiles, as latency tools report them). */
final class Stats {
  private Stats() {}

  /** The p-th percentile (0 < p <= 100) by nearest rank; NaN for an empty sample. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** The median of runs (the mean of the middle two for an even count); NaN when empty. */
  static double median(List<Double> values) {
    double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double min(List<Double> values) {
    return values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> values) {
    return values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
