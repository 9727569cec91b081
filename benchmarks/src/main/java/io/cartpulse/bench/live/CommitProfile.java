package io.cartpulse.bench.live;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How long the streams-app's exactly-once commits take, from the Kafka clients' own JMX metrics
 * (cumulative, so a window is the difference of two snapshots): commits per second
 * ({@code stream-thread-metrics commit-total}) and the time the stream threads' transactional
 * producers spent in flush, sendOffsetsToTransaction and commitTransaction
 * ({@code producer-metrics *-time-ns-total}).
 */
final class CommitProfile {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  /** Cumulative totals over all stream threads at one moment. */
  record Snapshot(long nanoTime, double commits, double flushNs, double sendOffsetsNs, double commitNs) {}

  private CommitProfile() {}

  static Snapshot snapshot() {
    double commits = sum("kafka.streams:type=stream-thread-metrics,thread-id=*", "commit-total", null);
    String producers = "kafka.producer:type=producer-metrics,client-id=*";
    return new Snapshot(System.nanoTime(), commits, sum(producers, "flush-time-ns-total", "StreamThread"),
        sum(producers, "txn-send-offsets-time-ns-total", "StreamThread"),
        sum(producers, "txn-commit-time-ns-total", "StreamThread"));
  }

  /** e.g. "19.8 commits/s, each 41 ms: flush 12, offsets 9, commit 20". */
  static String between(Snapshot start, Snapshot end) {
    double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
    double commits = end.commits() - start.commits();
    if (seconds <= 0 || commits <= 0) {
      return "no commits";
    }
    double flush = (end.flushNs() - start.flushNs()) / 1e6 / commits;
    double offsets = (end.sendOffsetsNs() - start.sendOffsetsNs()) / 1e6 / commits;
    double commit = (end.commitNs() - start.commitNs()) / 1e6 / commits;
    return String.format(Locale.ROOT, "%.1f commits/s, each %.0f ms (flush %.0f, offsets %.0f, commit %.0f)",
        commits / seconds, flush + offsets + commit, flush, offsets, commit);
  }

  /** Sum of a numeric attribute over the MBeans matching {@code pattern} (and whose name contains {@code filter}). */
  private static double sum(String pattern, String attribute, String filter) {
    double total = 0;
    try {
      Set<ObjectName> names = JMX.queryNames(new ObjectName(pattern), null);
      for (ObjectName name : names) {
        if (filter != null && !name.toString().contains(filter)) {
          continue;
        }
        try {
          Object value = JMX.getAttribute(name, attribute);
          if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
            total += number.doubleValue();
          }
        } catch (javax.management.JMException | RuntimeException e) {
          // An attribute this client version does not have: counts as zero.
        }
      }
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(pattern, e);
    }
    return total;
  }
}
