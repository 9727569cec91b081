package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The recovery clocks of scripts/chaos, fed with what the probe reads from the groups. */
class RecoveryProbeTest {
  static final TopicPartition P0 = new TopicPartition("clickstream", 0);
  static final TopicPartition P1 = new TopicPartition("clickstream", 1);

  static Map<String, Map<TopicPartition, Long>> offsets(long p0, long p1) {
    return Map.of("streams", Map.of(P0, p0, P1, p1));
  }

  static MemberDescription member(String consumerId, String clientId, TopicPartition... partitions) {
    return new MemberDescription(consumerId, Optional.of(clientId), clientId, "host",
        new MemberAssignment(Set.of(partitions)));
  }

  @Test
  void aGroupProgressesWhenAnyCommittedOffsetMoves() {
    RecoveryProbe.GroupProgress watch = new RecoveryProbe.GroupProgress("streams", 0);
    watch.tick(50, offsets(10, 20), List.of());
    watch.tick(100, offsets(10, 20), List.of());
    assertThat(watch.result).isNotDone();
    watch.tick(200, offsets(10, 21), List.of());
    assertThat(watch.result).isCompletedWithValue(200L);
  }

  @Test
  void theLongestStallEndsWhenTheLastPartitionMoves() {
    RecoveryProbe.LongestStall watch = new RecoveryProbe.LongestStall("streams", 0);
    watch.tick(50, offsets(10, 20), List.of());
    watch.tick(100, offsets(11, 20), List.of());
    watch.tick(200, offsets(12, 20), List.of());
    assertThat(watch.result).isNotDone();
    watch.tick(900, offsets(12, 25), List.of());
    assertThat(watch.result).isCompletedWithValue(900L);
  }

  @Test
  void anInstanceProcessesAgainWhenItsNewMemberCommitsOnAPartitionItHolds() {
    RecoveryProbe.InstanceProcessing watch =
        new RecoveryProbe.InstanceProcessing("streams", "streams-1-", 0, Set.of("old-member"));
    MemberDescription dead = member("old-member", "streams-1-StreamThread-1-consumer", P0);
    MemberDescription other = member("m-2", "streams-2-StreamThread-1-consumer", P1);
    // The dead member is still listed, and the other instance commits: neither counts.
    watch.tick(100, offsets(10, 20), List.of(dead, other));
    watch.tick(200, offsets(10, 30), List.of(dead, other));
    assertThat(watch.result).isNotDone();
    MemberDescription restarted = member("new-member", "streams-1-StreamThread-1-consumer", P0);
    watch.tick(300, offsets(10, 40), List.of(restarted, other));
    assertThat(watch.assigned).isCompletedWithValue(300L);
    assertThat(watch.result).as("holding P0 is not processing it yet").isNotDone();
    watch.tick(400, offsets(11, 50), List.of(restarted, other));
    assertThat(watch.result).isCompletedWithValue(400L);
  }
}
