package io.cartpulse.streams.products;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ALERTS.md section 7, related products: the session memory's two steps, clause by clause. */
class SessionMemoryTest {
  private static final long H = 3_600_000L;
  private static final long T = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  private static final RelatedSettings SETTINGS = RelatedSettings.DEFAULTS;

  private final SessionMemory memory = new SessionMemory();

  @Test
  void aNewProductPairsWithEveryRememberedOneAndARememberedOneWithNothing() {
    assertThat(memory.observe("a", T, SETTINGS)).isEmpty();
    assertThat(memory.observe("b", T + 1, SETTINGS)).containsExactly("a");
    assertThat(memory.observe("c", T + 2, SETTINGS)).containsExactly("a", "b");
    assertThat(memory.observe("a", T + 3, SETTINGS)).as("a is remembered").isEmpty();
    assertThat(memory.firstSeen()).as("first-seen times do not move").containsExactly(T, T + 1, T + 2);
  }

  @Test
  void anEntryIsForgottenExactly24HoursAfterItsFirstSeenTime() {
    memory.observe("a", T, SETTINGS);
    assertThat(memory.observe("b", T + 24 * H - 1, SETTINGS)).as("23:59:59.999 later: still remembered")
        .containsExactly("a");
    assertThat(memory.observe("c", T + 24 * H, SETTINGS)).as("exactly 24 h later: a is forgotten first")
        .containsExactly("b");
    assertThat(memory.products()).containsExactly("b", "c");
  }

  @Test
  void aForgottenProductSeenAgainPairsAgainWithANewFirstSeenTime() {
    memory.observe("a", T, SETTINGS);
    memory.observe("b", T + 23 * H, SETTINGS);
    assertThat(memory.observe("a", T + 24 * H, SETTINGS)).as("a was forgotten at this event, so it pairs again")
        .containsExactly("b");
    assertThat(memory.products()).containsExactly("b", "a");
    assertThat(memory.firstSeen()).containsExactly(T + 23 * H, T + 24 * H);
  }

  @Test
  void the21stEntryForgetsTheOldestAndTheForgottenOnePairsAgain() {
    for (int i = 1; i <= 20; i++) {
      memory.observe("p" + i, T + i, SETTINGS);
    }
    assertThat(memory.observe("p21", T + 21, SETTINGS)).as("the 21st pairs with all 20").hasSize(20);
    assertThat(memory.products()).hasSize(20).doesNotContain("p1").contains("p21");
    assertThat(memory.observe("p1", T + 22, SETTINGS)).as("re-pairing after eviction: with p2 .. p21")
        .hasSize(20).contains("p2", "p21").doesNotContain("p1");
    assertThat(memory.products()).as("then p2 is the oldest").doesNotContain("p2").contains("p1");
  }

  @Test
  void amongEqualFirstSeenTimesTheEarliestArrivalIsForgotten() {
    for (int i = 1; i <= 20; i++) {
      memory.observe("p" + i, T, SETTINGS);
    }
    memory.observe("p21", T, SETTINGS);
    assertThat(memory.products()).doesNotContain("p1").contains("p2", "p21");
  }

  @Test
  void anOutOfOrderEventForgetsNothingNewerAndMayBeTheOneForgotten() {
    for (int i = 1; i <= 20; i++) {
      memory.observe("p" + i, T + 10 * H + i, SETTINGS);
    }
    // Earlier than every entry: t - firstSeen is negative, nothing is forgotten; it pairs with all 20,
    // then it is the oldest of 21 and is forgotten itself.
    assertThat(memory.observe("late", T, SETTINGS)).hasSize(20);
    assertThat(memory.products()).hasSize(20).doesNotContain("late");
    assertThat(memory.observe("late", T + 1, SETTINGS)).as("not remembered, so it pairs again").hasSize(20);
  }

  @Test
  void anOutOfOrderEventForgetsOnlyWhatItIsFarEnoughAfter() {
    memory.observe("a", T, SETTINGS);
    memory.observe("b", T + 30 * H, SETTINGS); // forgets a
    assertThat(memory.observe("c", T + 5 * H, SETTINGS)).as("b is 25 h later: kept; a already gone")
        .containsExactly("b");
  }

  @Test
  void sessionEntriesAndHorizonAreSettings() {
    RelatedSettings small = new RelatedSettings(2, 5, 2, H);
    memory.observe("a", T, small);
    memory.observe("b", T + 1, small);
    assertThat(memory.observe("c", T + 2, small)).containsExactly("a", "b");
    assertThat(memory.products()).containsExactly("b", "c");
    assertThat(memory.observe("d", T + 1 + H, small)).as("b forgotten after 1 h").containsExactly("c");
  }

  @Test
  void restoresFromItsEntries() {
    memory.observe("a", T, SETTINGS);
    memory.observe("b", T + 1, SETTINGS);
    SessionMemory copy = SessionMemory.of(memory.products(), memory.firstSeen());
    assertThat(copy.observe("c", T + 2, SETTINGS)).isEqualTo(List.of("a", "b"));
  }
}
