package io.cartpulse.chaos;

import io.cartpulse.contract.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches the consumer groups of both engines from outside, as an operator would, to time
 * recoveries: every 250 ms it reads the groups' committed offsets on clickstream and the streams
 * group's members with their partitions. Progress is a committed offset that moved; a streams
 * instance is "processing again" when a member of its new process holds clickstream partitions and
 * one of their committed offsets moves after it got them.
 */
final class RecoveryProbe implements AutoCloseable {
  private static final Duration TICK = Duration.ofMillis(250);

  private final Admin admin;
  private final String streamsGroup;
  private final String flinkGroup;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile List<MemberDescription> lastMembers = List.of();

  RecoveryProbe(String bootstrapServers, String streamsGroup, String flinkGroup) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "chaos-recovery-probe");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    this.admin = Admin.create(config);
    this.streamsGroup = streamsGroup;
    this.flinkGroup = flinkGroup;
    this.thread = new Thread(this::loop, "chaos-recovery-probe");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Completes with the wall time (ms) at which group {@code group} committed progress after {@code since}. */
  CompletableFuture<Long> groupProgress(String group, long since) {
    Watch watch = new GroupProgress(group, since);
    watches.add(watch);
    return watch.result;
  }

  CompletableFuture<Long> streamsProgress(long since) {
    return groupProgress(streamsGroup, since);
  }

  CompletableFuture<Long> flinkProgress(long since) {
    return groupProgress(flinkGroup, since);
  }

  /**
   * Completes when a member of the streams group whose client id starts with {@code clientIdPrefix}
   * and which was not in the group at {@code since} holds clickstream partitions and commits
   * progress on one of them.
   */
  InstanceRecovery instanceProcessing(String clientIdPrefix, long since) {
    Set<String> oldMembers = new HashSet<>();
    for (MemberDescription member : lastMembers) {
      if (member.clientId().startsWith(clientIdPrefix)) {
        oldMembers.add(member.consumerId());
      }
    }
    InstanceProcessing watch = new InstanceProcessing(streamsGroup, clientIdPrefix, since, oldMembers);
    watches.add(watch);
    return new InstanceRecovery(watch.assigned, watch.result);
  }

  /** When the new process of a streams instance got partitions, and when it committed progress on one. */
  record InstanceRecovery(CompletableFuture<Long> assigned, CompletableFuture<Long> processing) {}

  /**
   * Completes with, for every clickstream partition, the time from {@code since} until the streams
   * group committed progress on it: the longest is how long the partitions of a dead member waited.
   */
  CompletableFuture<Long> longestStall(long since) {
    Watch watch = new LongestStall(streamsGroup, since);
    watches.add(watch);
    return watch.result;
  }

  private void loop() {
    while (running) {
      long now = System.currentTimeMillis();
      try {
        Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
        for (String group : List.of(streamsGroup, flinkGroup)) {
          Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
          Map<TopicPartition, Long> clickstream = new HashMap<>();
          committed.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(Topics.CLICKSTREAM)) {
              clickstream.put(partition, offset.offset());
            }
          });
          offsets.put(group, clickstream);
        }
        List<MemberDescription> members = List.of();
        try {
          ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(streamsGroup))
              .describedGroups().get(streamsGroup).get(5, TimeUnit.SECONDS);
          members = List.copyOf(description.members());
        } catch (Exception e) {
          // the group may not exist yet
        }
        lastMembers = members;
        for (Watch watch : watches) {
          // A watch made while this tick was under way starts with the next one: these offsets may predate it.
          if (!watch.result.isDone() && now >= watch.since) {
            watch.tick(now, offsets, members);
          }
        }
        watches.removeIf(watch -> watch.result.isDone());
      } catch (Exception e) {
        // the broker may be down: the next tick asks again
      }
      try {
        Thread.sleep(TICK.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    watches.forEach(watch -> watch.result.cancel(false));
    watches.stream().filter(InstanceProcessing.class::isInstance)
        .forEach(watch -> ((InstanceProcessing) watch).assigned.cancel(false));
    admin.close(Duration.ofSeconds(5));
  }

  abstract static class Watch {
    final CompletableFuture<Long> result = new CompletableFuture<>();
    final long since;

    Watch(long since) {
      this.since = since;
    }

    abstract void tick(long now, Map<String, Map<TopicPartition, Long>> offsets, List<MemberDescription> members);
  }

  /** Ticks must come at or after {@code since}; the first one gives the offsets to compare with. */
  static final class GroupProgress extends Watch {
    private final String group;
    private Map<TopicPartition, Long> before;

    GroupProgress(String group, long since) {
      super(since);
      this.group = group;
    }

    @Override
    void tick(long now, Map<String, Map<TopicPartition, Long>> offsets, List<MemberDescription> members) {
      Map<TopicPartition, Long> current = offsets.getOrDefault(group, Map.of());
      if (before == null) {
        before = current;
        return;
      }
      for (Map.Entry<TopicPartition, Long> entry : current.entrySet()) {
        if (entry.getValue() > before.getOrDefault(entry.getKey(), -1L)) {
          result.complete(now);
          return;
        }
      }
    }
  }

  static final class InstanceProcessing extends Watch {
    private final String group;
    private final String prefix;
    private final Set<String> oldMembers;
    final CompletableFuture<Long> assigned = new CompletableFuture<>();
    /** Per partition, the committed offset when the new member was first seen holding it. */
    private final Map<TopicPartition, Long> offsetWhenAssigned = new HashMap<>();

    InstanceProcessing(String group, String prefix, long since, Set<String> oldMembers) {
      super(since);
      this.group = group;
      this.prefix = prefix;
      this.oldMembers = oldMembers;
    }

    @Override
    void tick(long now, Map<String, Map<TopicPartition, Long>> offsets, List<MemberDescription> members) {
      Map<TopicPartition, Long> current = offsets.getOrDefault(group, Map.of());
      Set<TopicPartition> held = new HashSet<>();
      for (MemberDescription member : members) {
        if (member.clientId().startsWith(prefix) && !oldMembers.contains(member.consumerId())) {
          for (TopicPartition partition : member.assignment().topicPartitions()) {
            if (partition.topic().equals(Topics.CLICKSTREAM)) {
              held.add(partition);
            }
          }
        }
      }
      if (!held.isEmpty()) {
        assigned.complete(now);
      }
      offsetWhenAssigned.keySet().retainAll(held);
      for (TopicPartition partition : held) {
        Long offset = current.getOrDefault(partition, -1L);
        Long atAssignment = offsetWhenAssigned.putIfAbsent(partition, offset);
        if (atAssignment != null && offset > atAssignment) {
          result.complete(now);
          return;
        }
      }
    }
  }

  /** Ticks must come at or after {@code since}; the first one gives the offsets to compare with. */
  static final class LongestStall extends Watch {
    private final String group;
    private Map<TopicPartition, Long> before;
    private final Map<TopicPartition, Long> movedAt = new HashMap<>();

    LongestStall(String group, long since) {
      super(since);
      this.group = group;
    }

    @Override
    void tick(long now, Map<String, Map<TopicPartition, Long>> offsets, List<MemberDescription> members) {
      Map<TopicPartition, Long> current = offsets.getOrDefault(group, Map.of());
      if (before == null) {
        before = current;
        return;
      }
      Collection<TopicPartition> partitions = before.keySet();
      for (TopicPartition partition : partitions) {
        if (!movedAt.containsKey(partition) && current.getOrDefault(partition, -1L) > before.get(partition)) {
          movedAt.put(partition, now);
        }
      }
      if (!partitions.isEmpty() && movedAt.keySet().containsAll(partitions)) {
        result.complete(movedAt.values().stream().mapToLong(Long::longValue).max().orElse(now));
      }
    }
  }
}
