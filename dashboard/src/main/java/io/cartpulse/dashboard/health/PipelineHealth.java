package io.cartpulse.dashboard.health;

import io.cartpulse.dashboard.DashboardConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's health as the page shows it, sampled from Kafka's admin API: events per second in
 * (growth of {@code clickstream}'s end offsets), each consumer group's lag on {@code clickstream}
 * (the streams-app's application id and the Flink job's group; Flink commits its offsets at each
 * checkpoint, so its lag moves in steps), the dead letters and late events (records on the
 * dead-letter topics and {@code clickstream-late}), and the streams-app's readiness when its URL is
 * known. Not thread-safe: one sampler calls {@link #sample}.
 */
public final class PipelineHealth {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineHealth.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** The events-per-second rate is measured over this span of samples. */
  static final Duration RATE_SPAN = Duration.ofSeconds(10);

  /** One consumer group reading clickstream: how many records it is behind the end. */
  public record GroupLag(String group, long lag) {}

  /** One topic's record count (end minus start offsets, all partitions); -1 when the topic does not exist. */
  public record TopicCount(String topic, long records) {}

  /**
   * What one sample found. {@code streamsReady}: null when no streams-app URL is known, else its
   * readiness answer ("RUNNING", "REBALANCING", ... or why it did not answer). {@code problem}:
   * why Kafka could not be asked, else null.
   */
  public record Snapshot(long sampledAt, double eventsPerSecond, long eventsIn, List<GroupLag> lag,
      List<TopicCount> deadLetters, TopicCount late, String streamsReady, boolean streamsOk, String problem) {}

  private final Admin admin;
  private final DashboardConfig.TopicNames topics;
  private final String streamsUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Deque<long[]> samples = new ArrayDeque<>();

  public PipelineHealth(Admin admin, DashboardConfig.TopicNames topics, String streamsUrl) {
    this.admin = admin;
    this.topics = topics;
    this.streamsUrl = streamsUrl;
  }

  /** Asks Kafka (and the streams-app) now; never throws: a failure is the snapshot's problem. */
  public Snapshot sample() {
    long now = System.currentTimeMillis();
    String ready = null;
    boolean ok = false;
    if (streamsUrl != null) {
      Readiness readiness = readiness();
      ready = readiness.answer();
      ok = readiness.ready();
    }
    try {
      Map<String, List<TopicPartition>> partitions = partitions(List.of(topics.clickstream(), topics.dlq(),
          topics.inventoryDlq(), topics.late()));
      Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
      long eventsIn = count(partitions.get(topics.clickstream()), end, null);
      double rate = rate(now, eventsIn);
      List<TopicCount> deadLetters = new ArrayList<>();
      deadLetters.add(new TopicCount(topics.dlq(), count(partitions.get(topics.dlq()), end, start)));
      if (partitions.containsKey(topics.inventoryDlq())) {
        deadLetters.add(new TopicCount(topics.inventoryDlq(),
            count(partitions.get(topics.inventoryDlq()), end, start)));
      }
      TopicCount late = new TopicCount(topics.late(), count(partitions.get(topics.late()), end, start));
      List<GroupLag> lag = lag(partitions.getOrDefault(topics.clickstream(), List.of()), end);
      return new Snapshot(now, rate, eventsIn, lag, deadLetters, late, ready, ok, null);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      LOG.debug("Sampling the pipeline's health failed", e);
      return new Snapshot(now, 0, -1, List.of(), List.of(), new TopicCount(topics.late(), -1), ready, ok,
          "Kafka does not answer: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot(now, 0, -1, List.of(), List.of(), new TopicCount(topics.late(), -1), ready, ok,
          "interrupted");
    }
  }

  private Map<String, List<TopicPartition>> partitions(List<String> names)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    List<String> present = names.stream().filter(existing::contains).toList();
    Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, List<TopicPartition>> partitions = new LinkedHashMap<>();
    described.forEach((name, description) -> {
      List<TopicPartition> list = new ArrayList<>();
      for (TopicPartitionInfo info : description.partitions()) {
        list.add(new TopicPartition(name, info.partition()));
      }
      partitions.put(name, list);
    });
    return partitions;
  }

  private Map<TopicPartition, Long> offsets(Map<String, List<TopicPartition>> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.values().forEach(list -> list.forEach(tp -> request.put(tp, spec)));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    if (request.isEmpty()) {
      return offsets;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** Records between start (or 0) and end over {@code partitions}; -1 when the topic does not exist. */
  private static long count(List<TopicPartition> partitions, Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> start) {
    if (partitions == null) {
      return -1;
    }
    long total = 0;
    for (TopicPartition tp : partitions) {
      total += end.getOrDefault(tp, 0L) - (start == null ? 0 : start.getOrDefault(tp, 0L));
    }
    return total;
  }

  private double rate(long now, long eventsIn) {
    samples.addLast(new long[] {now, eventsIn});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_SPAN.toMillis()) {
      samples.removeFirst();
    }
    long[] first = samples.peekFirst();
    long millis = now - first[0];
    return millis <= 0 ? 0 : Math.max(0, eventsIn - first[1]) * 1000.0 / millis;
  }

  private List<GroupLag> lag(List<TopicPartition> clickstream, Map<TopicPartition, Long> end)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<GroupLag> lags = new ArrayList<>();
    for (GroupListing group : admin.listGroups().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      Map<TopicPartition, OffsetAndMetadata> committed;
      try {
        committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        continue; // not a group with committed offsets (e.g. a share group)
      }
      boolean reads = false;
      long lag = 0;
      for (TopicPartition tp : clickstream) {
        OffsetAndMetadata offset = committed.get(tp);
        if (offset != null) {
          reads = true;
          lag += Math.max(0, end.getOrDefault(tp, 0L) - offset.offset());
        } else {
          lag += end.getOrDefault(tp, 0L);
        }
      }
      if (reads) {
        lags.add(new GroupLag(group.groupId(), lag));
      }
    }
    lags.sort(java.util.Comparator.comparing(GroupLag::group));
    return lags;
  }

  private record Readiness(String answer, boolean ready) {}

  /** The streams-app's answer to GET /health/ready ("ready: RUNNING", "not ready: REBALANCING", ...). */
  private Readiness readiness() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(streamsUrl + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body().strip();
      String answer = body.isEmpty() ? "HTTP " + response.statusCode() : body.lines().findFirst().orElse(body);
      return new Readiness(answer.length() > 80 ? answer.substring(0, 80) : answer, response.statusCode() == 200);
    } catch (java.io.IOException e) {
      return new Readiness("does not answer (" + e.getClass().getSimpleName() + ")", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Readiness("interrupted", false);
    }
  }
}
