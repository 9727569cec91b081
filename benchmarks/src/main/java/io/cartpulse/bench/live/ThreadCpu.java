package io.cartpulse.bench.live;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU of this JVM went between two moments, by component (the whole pipeline runs in
 * this one process): per-thread CPU time from the ThreadMXBean, grouped by thread name. This is
 * what names the bottleneck when a rate is not sustained.
 */
final class ThreadCpu {
  static final String STREAMS = "streams";
  static final String FLINK = "flink";
  static final String BROKER = "broker";
  static final String FEED = "feed+producer";
  static final String OTHER = "other";
  static final String JVM = "jvm gc+jit";
  static final java.util.List<String> COMPONENTS = java.util.List.of(STREAMS, FLINK, BROKER, FEED, OTHER, JVM);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  /** CPU nanoseconds per live thread id, and the thread names, at one moment. */
  record Snapshot(long nanoTime, Map<Long, Long> cpuNanos, Map<Long, String> names, long processCpuNanos,
      long[] machineJiffies, long gcMillis, long jitMillis) {}

  /** CPU use between two snapshots, in cores (1.0 = one core busy all the time), by component. */
  /** {@code gcShare}: share of the wall time spent in garbage collection (pauses and cycles); {@code jitShare}: compiling. */
  record Usage(double seconds, Map<String, Double> coresByComponent, double processCores, double machineBusyCores,
      int machineCores, double gcShare, double jitShare) {

    double cores(String component) {
      if (JVM.equals(component)) {
        return jvmCores();
      }
      return coresByComponent.getOrDefault(component, 0.0);
    }

    /** CPU of the process outside its Java threads: garbage collection and JIT compilation. */
    double jvmCores() {
      double threads = coresByComponent.values().stream().mapToDouble(Double::doubleValue).sum();
      return Math.max(0, processCores - threads);
    }

    /** Cores busy with other processes (other jobs on a shared machine); NaN when unknown. */
    double otherProcessesCores() {
      return Double.isNaN(machineBusyCores) ? Double.NaN : Math.max(0, machineBusyCores - processCores);
    }

    /** e.g. "CPU 1.8 of 2 cores (other processes 0.1): streams 0.80, flink 0.40, ...". */
    String describe() {
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "CPU %.2f of %d cores", processCores,
          machineCores));
      if (!Double.isNaN(machineBusyCores)) {
        text.append(String.format(Locale.ROOT, " (other processes %.2f)", otherProcessesCores()));
      }
      text.append(':');
      String separator = " ";
      for (String component : COMPONENTS) {
        text.append(separator).append(component).append(' ')
            .append(String.format(Locale.ROOT, "%.2f", cores(component)));
        separator = ", ";
      }
      text.append(String.format(Locale.ROOT, " (GC %.0f ms/s, JIT %.0f ms/s)", 1000 * gcShare, 1000 * jitShare));
      return text.toString();
    }
  }

  private ThreadCpu() {}

  static Snapshot snapshot() {
    long now = System.nanoTime();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long time = THREADS.getThreadCpuTime(info.getThreadId());
      if (time >= 0) {
        cpu.put(info.getThreadId(), time);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long process = OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    long gc = 0;
    for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    var compiler = ManagementFactory.getCompilationMXBean();
    long jit = compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : 0;
    return new Snapshot(now, cpu, names, process, machineJiffies(), gc, jit);
  }

  /** Threads born in between count from zero; threads that died in between are lost (few, short-lived). */
  static Usage between(Snapshot start, Snapshot end) {
    double seconds = Math.max(1e-9, (end.nanoTime() - start.nanoTime()) / 1e9);
    Map<String, Double> cores = new LinkedHashMap<>();
    end.cpuNanos().forEach((id, nanos) -> {
      long used = nanos - start.cpuNanos().getOrDefault(id, 0L);
      cores.merge(component(end.names().get(id)), used / 1e9 / seconds, Double::sum);
    });
    double process = start.processCpuNanos() >= 0 && end.processCpuNanos() >= 0
        ? (end.processCpuNanos() - start.processCpuNanos()) / 1e9 / seconds
        : cores.values().stream().mapToDouble(Double::doubleValue).sum();
    int machineCores = Runtime.getRuntime().availableProcessors();
    double machineBusy = Double.NaN;
    if (start.machineJiffies() != null && end.machineJiffies() != null) {
      long total = end.machineJiffies()[0] - start.machineJiffies()[0];
      long idle = end.machineJiffies()[1] - start.machineJiffies()[1];
      if (total > 0) {
        machineBusy = (double) (total - idle) / total * machineCores;
      }
    }
    return new Usage(seconds, cores, process, machineBusy, machineCores,
        (end.gcMillis() - start.gcMillis()) / 1000.0 / seconds, (end.jitMillis() - start.jitMillis()) / 1000.0 / seconds);
  }

  /** {total, idle+iowait} jiffies of the whole machine from /proc/stat, or null where there is none. */
  private static long[] machineJiffies() {
    try {
      String cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
      String[] fields = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** The biggest CPU users between two snapshots by thread name (for --threads, to check the grouping). */
  static String top(Snapshot start, Snapshot end, int count) {
    double seconds = Math.max(1e-9, (end.nanoTime() - start.nanoTime()) / 1e9);
    TreeMap<Double, String> byUse = new TreeMap<>();
    end.cpuNanos().forEach((id, nanos) -> {
      double used = (nanos - start.cpuNanos().getOrDefault(id, 0L)) / 1e9 / seconds;
      String name = end.names().get(id);
      byUse.put(-used - id * 1e-12, String.format(Locale.ROOT, "%.3f %-8s %s", used, component(name), name));
    });
    StringBuilder text = new StringBuilder();
    byUse.values().stream().limit(count).forEach(line -> text.append("    ").append(line).append('\n'));
    return text.toString();
  }

  /** The component a thread belongs to, by the names Kafka Streams, Flink and the broker give their threads. */
  static String component(String name) {
    if (name == null) {
      return OTHER;
    }
    if (name.contains("StreamThread") || name.contains("cartpulse-streams")) {
      return STREAMS;
    }
    if (name.startsWith(ClickFeed.THREAD_NAME) || name.contains("cartpulse-click-producer")) {
      return FEED;
    }
    if (name.matches(".*\\(\\d+/\\d+\\)#\\d+.*") || name.startsWith("Flink") || name.startsWith("flink")
        || name.contains("pekko") || name.contains("mini-cluster") || name.startsWith("Source Data Fetcher")
        || name.contains("Checkpoint") || name.contains("cartpulse-flink") || name.startsWith("jobmanager")
        || name.startsWith("AsyncOperations") || name.startsWith("OutputFlusher")) {
      return FLINK;
    }
    if (name.contains("kafka") || name.contains("broker") || name.contains("raft") || name.contains("controller")
        || name.startsWith("data-plane") || name.startsWith("ExpirationReaper") || name.contains("Txn")
        || name.contains("log-cleaner") || name.startsWith("executor-") || name.contains("group-coordinator")
        || name.contains("transaction") || name.contains("share-") || name.contains("Replica")) {
      return BROKER;
    }
    return OTHER;
  }
}
