package io.cartpulse.bench;

import java.util.Arrays;

/** Median and spread (min..max) of repeated measurements of one quantity. */
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

  /** The spread as a fraction of the median (max - min) / median; 0 for one run. */
  public double relativeSpread() {
    return median == 0 ? 0 : (max - min) / Math.abs(median);
  }
}
