package io.cartpulse.streams.products;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.click.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ALERTS.md section 7: statistics, scores, related products and stock as of C, clause by clause. */
class ProductStateTest {
  private static final long MIN = 60_000L;
  private static final long H = 60 * MIN;
  private static final long DAY = 24 * H;
  /** 2019-10-03T00:00:00Z, a midnight. */
  private static final long D = 1_570_060_800_000L;
  private static final RelatedSettings SETTINGS = RelatedSettings.DEFAULTS;

  private final ProductBook book = new ProductBook(SETTINGS);

  private static ClickEvent click(long t, String type, String user, String product, String price, String session) {
    return ClickEvent.newBuilder().setEventTime(Instant.ofEpochMilli(t)).setEventType(type).setUserId(user)
        .setProductId(product).setPrice(new BigDecimal(price)).setUserSession(session).build();
  }

  private void view(long t, String user, String product, String session) {
    book.click(click(t, "view", user, product, "1.00", session));
  }

  private void level(long t, String product, long available) {
    book.level(new InventoryLevel(Instant.ofEpochMilli(t), product, available));
  }

  /** Forms the pair {a, b} once at t, in a session of its own. */
  private int sessions;

  private void pair(long t, String a, String b) {
    String session = "s" + sessions++;
    view(t, "pairer", a, session);
    view(t, "pairer", b, session);
  }

  @Test
  void todayCountsTheDayOfCAndRevenueIsExactCents() {
    book.click(click(D - 1, "purchase", "u1", "p", "999.99", "s"));
    book.click(click(D, "purchase", "u1", "p", "0.10", "s"));
    book.click(click(D + 1, "purchase", "u2", "p", "0.20", "s"));
    book.click(click(D + 2, "cart", "u1", "p", "5.00", "s"));
    book.click(click(D + 3, "remove_from_cart", "u1", "p", "5.00", "s"));
    view(D + 4, "u1", "p", "s");
    view(D + 5, "u1", "p", "s");
    view(D + 6, "u2", "p", "s");

    ProductView atMidnight = book.view("p", D + 6);
    assertThat(atMidnight.today()).as("the purchase at D - 1 ms is yesterday")
        .isEqualTo(new ProductView.Counts(3, 1, 2, 30));
    assertThat(atMidnight.todayViewers()).isEqualTo(2);
  }

  @Test
  void yesterdayIsGoneAtMidnight() {
    view(D, "u1", "p", "s");
    view(D + DAY - 1, "u2", "q", "s2");
    assertThat(book.view("p", D + DAY - 1).today().views()).as("C on the same day").isEqualTo(1);
    ProductView next = book.view("p", D + DAY);
    assertThat(next.today()).isEqualTo(ProductView.Counts.ZERO);
    assertThat(next.todayViewers()).isZero();
  }

  @Test
  void lastHourIsTheSixtyMinutesBeforeTheMinuteOfC() {
    long m = D + 10 * H; // M, the minute of C
    view(m - 60 * MIN - 1, "u", "p", null); // before M - 60 min: out
    view(m - 60 * MIN, "u", "p", null); // at M - 60 min: in
    view(m - 1, "u", "p", null); // just before M: in
    view(m, "u", "p", null); // at M: out (the minute of C)
    view(m + 59_999, "u", "p", null); // still the minute of C: out
    assertThat(book.view("p", m + 59_999).lastHour().views()).isEqualTo(2);
    assertThat(book.view("p", m + 60_000).lastHour().views()).as("one minute later: M moved on").isEqualTo(3);
  }

  @Test
  void lastHourReachesOverMidnight() {
    book.click(click(D - 30 * MIN, "purchase", "u", "p", "10.00", null));
    ProductView view = book.view("p", D + 10 * MIN);
    assertThat(view.lastHour()).isEqualTo(new ProductView.Counts(0, 0, 1, 1000));
    assertThat(view.today()).isEqualTo(ProductView.Counts.ZERO);
  }

  @Test
  void scoresCountTheDayOfCAndTheSixDaysBefore() {
    pair(D - 6 * DAY, "p", "q"); // first instant of day(C) - 6: in
    pair(D - 6 * DAY - 1, "p", "q"); // last instant of day(C) - 7: out
    pair(D + 10 * H, "p", "q");
    assertThat(book.view("p", D + 12 * H).related()).containsExactly(new ProductView.Related("q", 2, null));
    assertThat(book.view("q", D + 12 * H).related()).as("both directions")
        .containsExactly(new ProductView.Related("p", 2, null));
    assertThat(book.view("p", D + DAY).related()).as("next day: the day(C) - 6 formation left the window").isEmpty();
  }

  @Test
  void theMinimumScoreIsIncluded() {
    pair(D, "p", "two");
    pair(D, "p", "two");
    pair(D, "p", "one");
    assertThat(book.view("p", D).related()).extracting(ProductView.Related::productId).containsExactly("two");
  }

  @Test
  void orderIsScoreDescendingThenCodePointOrderAndTheListIsCut() {
    String supplementary = "x\uD83D\uDE00"; // x + U+1F600: after "x\uFFFD" in code point order, before it in UTF-16
    String bmp = "x\uFFFD";
    for (String q : List.of("b", "a", supplementary, bmp, "c", "d")) {
      pair(D, "p", q);
      pair(D, "p", q);
    }
    pair(D, "p", "d");
    assertThat(book.view("p", D).related()).extracting(ProductView.Related::productId)
        .containsExactly("d", "a", "b", "c", bmp);
  }

  @Test
  void stockZeroIsLeftOutAndUnknownCountsAsAvailable() {
    for (String q : List.of("zero", "unknown", "three", "restocked")) {
      pair(D, "p", q);
      pair(D, "p", q);
    }
    level(D, "zero", 0);
    level(D, "three", 3);
    level(D, "restocked", 0);
    level(D + 1, "restocked", 1);
    assertThat(book.view("p", D + 1).related()).containsExactly(new ProductView.Related("restocked", 2, 1),
        new ProductView.Related("three", 2, 3), new ProductView.Related("unknown", 2, null));
  }

  @Test
  void theLatestLevelCountsAndEqualTimesGoByArrival() {
    level(D + 5, "p", 7);
    level(D + 5, "p", 0);
    level(D + 1, "p", 9); // earlier than the latest: not the latest level
    assertThat(book.view("p", D + 5).available()).isZero();
    level(D + 5, "p", 4);
    assertThat(book.view("p", D + 5).available()).isEqualTo(4);
    assertThat(book.view("p", D + 5).today()).isEqualTo(ProductView.Counts.ZERO);
  }

  @Test
  void prunedBucketsAreThoseNoLaterAnswerSees() {
    ProductState state = new ProductState();
    state.addClick(EventType.VIEW, D, 100, "u");
    state.addFormation("q", D);
    state.addLevel(D, 3);
    long expiry = state.bucketsExpireAt();
    assertThat(expiry).isEqualTo(D + 7 * DAY);
    state.prune(expiry - 1);
    assertThat(state.view("p", expiry - 1, new RelatedSettings(1, 5, 20, DAY), q -> null).related()).hasSize(1);
    state.prune(expiry);
    assertThat(state.days).isEmpty();
    assertThat(state.minutes).isEmpty();
    assertThat(state.pairs).isEmpty();
    assertThat(state.isEmpty()).as("the level stays").isFalse();
  }

  @Test
  void minuteAndDayBucketsStayWithinTheirWindows() {
    ProductState state = new ProductState();
    for (long t = D; t < D + 3 * DAY; t += 7 * MIN) {
      state.addClick(EventType.VIEW, t, 0, "u" + t);
      state.addFormation("q" + (t % 5), t);
      state.prune(t);
      assertThat(state.minutes.size()).isLessThanOrEqualTo(61);
      assertThat(state.days.size()).isEqualTo(1);
      assertThat(state.pairs.size()).isLessThanOrEqualTo(7);
    }
  }
}
