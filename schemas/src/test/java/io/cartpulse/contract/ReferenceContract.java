package io.cartpulse.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.Money;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one reference implementation of the contract for tests: docs/ALERTS.md sections 2-4 read as
 * plainly as possible, with the backtest output of section 6. Every module's tests compare the
 * engines with it.
 *
 * <p>It is deliberately naive and shares no code with the engines' rules (only {@link ClickEvent},
 * {@link ClickValidator#invalidReason}, {@link Money} and {@link Alerts#alertId}): each user's whole
 * history is kept and rescanned, nothing is pruned, every rule is one method that says what its
 * paragraph says. Speed only matters as far as tests of some 100,000 events need it.
 *
 * <p>The event loop is section 2's clock over a finite input, as a backtest sees it: the events are
 * taken in arrival order; the clock is the largest event time seen; before an event is evaluated,
 * every result due at or before the clock is emitted (in due order); results the event itself makes
 * due at once (a late one) follow it. The input ends with the clock at {@code T_end}, so a result due
 * later is never emitted. Invalid events (section 1) are skipped: they reach no rule and do not move
 * the clock.
 *
 * <p>Thresholds are parameters ({@link Thresholds#CONTRACT} = the contract's defaults), so tests of
 * changed settings use the same reference.
 */
public final class ReferenceContract {
  static final long MINUTE = 60_000L;
  static final long DAY = 86_400_000L;
  static final int STEPS_PER_DAY = 1440;

  static final String SOURCE_STREAMS = "streams-app";
  static final String SOURCE_FLINK = "flink-jobs";

  /** Every threshold of sections 3 and 4; the windows are half-open as section 2 says. */
  public record Thresholds(
      Duration crossSellMaxGap, Duration crossSellCooldown,
      long cartAbandonmentMinCents, Duration cartAbandonmentDelay,
      Duration purchaseIntentWindow, int purchaseIntentMinViews, Duration purchaseIntentCooldown,
      Duration priceSensitivityWindow, Duration priceSensitivityCooldown,
      List<Long> couponTiersCents, ZoneId couponZone,
      Duration churnWindow, int churnMinViews,
      int surgeMinViews, BigDecimal surgeFactor, int surgeHistoryMinutes, int surgeBaselineMinutes) {

    /** The defaults written in ALERTS.md sections 3 and 4. */
    public static final Thresholds CONTRACT = new Thresholds(
        Duration.ofMinutes(5), Duration.ofMinutes(5),
        200_00, Duration.ofMinutes(10),
        Duration.ofMinutes(15), 4, Duration.ofMinutes(15),
        Duration.ofMinutes(10), Duration.ofMinutes(10),
        List.of(200_00L, 500_00L, 1000_00L), ZoneOffset.UTC,
        Duration.ofDays(7), 10,
        50, new BigDecimal("3.0"), 30, 30);

    public Thresholds {
      couponTiersCents = couponTiersCents.stream().sorted().toList();
    }

    public Thresholds withCrossSell(Duration maxGap, Duration cooldown) {
      return new Thresholds(maxGap, cooldown, cartAbandonmentMinCents, cartAbandonmentDelay, purchaseIntentWindow,
          purchaseIntentMinViews, purchaseIntentCooldown, priceSensitivityWindow, priceSensitivityCooldown,
          couponTiersCents, couponZone, churnWindow, churnMinViews, surgeMinViews, surgeFactor, surgeHistoryMinutes,
          surgeBaselineMinutes);
    }

    /** {@code minPrice} as written in the settings, e.g. {@code "150.00"}. */
    public Thresholds withCartAbandonment(String minPrice, Duration delay) {
      return new Thresholds(crossSellMaxGap, crossSellCooldown, Money.toCents(new BigDecimal(minPrice)), delay,
          purchaseIntentWindow, purchaseIntentMinViews, purchaseIntentCooldown, priceSensitivityWindow,
          priceSensitivityCooldown, couponTiersCents, couponZone, churnWindow, churnMinViews, surgeMinViews,
          surgeFactor, surgeHistoryMinutes, surgeBaselineMinutes);
    }

    public Thresholds withPurchaseIntent(Duration window, int minViews, Duration cooldown) {
      return new Thresholds(crossSellMaxGap, crossSellCooldown, cartAbandonmentMinCents, cartAbandonmentDelay,
          window, minViews, cooldown, priceSensitivityWindow, priceSensitivityCooldown, couponTiersCents, couponZone,
          churnWindow, churnMinViews, surgeMinViews, surgeFactor, surgeHistoryMinutes, surgeBaselineMinutes);
    }

    public Thresholds withPriceSensitivity(Duration window, Duration cooldown) {
      return new Thresholds(crossSellMaxGap, crossSellCooldown, cartAbandonmentMinCents, cartAbandonmentDelay,
          purchaseIntentWindow, purchaseIntentMinViews, purchaseIntentCooldown, window, cooldown, couponTiersCents,
          couponZone, churnWindow, churnMinViews, surgeMinViews, surgeFactor, surgeHistoryMinutes,
          surgeBaselineMinutes);
    }

    /** {@code tiers} as whole amounts, e.g. {@code 200, 500, 1000}. */
    public Thresholds withCoupon(ZoneId zone, long... tiers) {
      List<Long> cents = Arrays.stream(tiers).map(tier -> tier * 100).boxed().toList();
      return new Thresholds(crossSellMaxGap, crossSellCooldown, cartAbandonmentMinCents, cartAbandonmentDelay,
          purchaseIntentWindow, purchaseIntentMinViews, purchaseIntentCooldown, priceSensitivityWindow,
          priceSensitivityCooldown, cents, zone, churnWindow, churnMinViews, surgeMinViews, surgeFactor,
          surgeHistoryMinutes, surgeBaselineMinutes);
    }

    public Thresholds withChurn(Duration window, int minViews) {
      return new Thresholds(crossSellMaxGap, crossSellCooldown, cartAbandonmentMinCents, cartAbandonmentDelay,
          purchaseIntentWindow, purchaseIntentMinViews, purchaseIntentCooldown, priceSensitivityWindow,
          priceSensitivityCooldown, couponTiersCents, couponZone, window, minViews, surgeMinViews, surgeFactor,
          surgeHistoryMinutes, surgeBaselineMinutes);
    }

    /** {@code factor} as written in the settings, e.g. {@code "3.0"}. */
    public Thresholds withSurge(int minViews, String factor, int historyMinutes, int baselineMinutes) {
      return new Thresholds(crossSellMaxGap, crossSellCooldown, cartAbandonmentMinCents, cartAbandonmentDelay,
          purchaseIntentWindow, purchaseIntentMinViews, purchaseIntentCooldown, priceSensitivityWindow,
          priceSensitivityCooldown, couponTiersCents, couponZone, churnWindow, churnMinViews, minViews,
          new BigDecimal(factor), historyMinutes, baselineMinutes);
    }
  }

  /** An alert as section 6 writes it (no {@code detectedAt}, no {@code message}). */
  public record ExpectedAlert(String alertId, AlertType type, String userId, String userSession, String productId,
      long eventTime, String source, SortedMap<String, String> attributes) {

    public ExpectedAlert {
      attributes = new TreeMap<>(attributes);
    }

    /** The part of an engine's alert that section 6 writes, for comparison with the reference. */
    public static ExpectedAlert of(Alert alert) {
      return new ExpectedAlert(alert.getAlertId(), alert.getType(), alert.getUserId(), alert.getUserSession(),
          alert.getProductId(), alert.getEventTime().toEpochMilli(), alert.getSource(), new TreeMap<>(
              alert.getAttributes()));
    }

    public static List<ExpectedAlert> of(List<Alert> alerts) {
      return sorted(alerts.stream().map(ExpectedAlert::of).toList());
    }

    /** The section-6 line: the fields in the order the section lists them, attributes by key. */
    public String jsonLine() {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("alertId", alertId);
      line.put("type", type.name());
      line.put("userId", userId);
      line.put("userSession", userSession);
      line.put("productId", productId);
      line.put("eventTime", eventTime);
      line.put("source", source);
      line.put("attributes", attributes);
      return json(line);
    }

    /** Section 6's order: eventTime, type, userId, productId (absent first), then the line itself. */
    static final Comparator<ExpectedAlert> ORDER = Comparator.comparingLong(ExpectedAlert::eventTime)
        .thenComparing(a -> a.type().name())
        .thenComparing(ExpectedAlert::userId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(ExpectedAlert::productId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(ExpectedAlert::jsonLine);

    static List<ExpectedAlert> sorted(List<ExpectedAlert> alerts) {
      List<ExpectedAlert> copy = new ArrayList<>(alerts);
      copy.sort(ORDER);
      return List.copyOf(copy);
    }
  }

  /** A PV/UV point as section 6 writes it. */
  public record ExpectedPoint(String day, long windowEnd, String dimension, long pv, long uv) {

    public static ExpectedPoint of(PvUvPoint point) {
      return new ExpectedPoint(point.getDay(), point.getWindowEnd().toEpochMilli(), point.getDimension(),
          point.getPv(), point.getUv());
    }

    public static List<ExpectedPoint> of(List<PvUvPoint> points) {
      return sorted(points.stream().map(ExpectedPoint::of).toList());
    }

    public String jsonLine() {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("day", day);
      line.put("windowEnd", windowEnd);
      line.put("dimension", dimension);
      line.put("pv", pv);
      line.put("uv", uv);
      return json(line);
    }

    /** Section 6's order for points: windowEnd, then dimension. */
    static final Comparator<ExpectedPoint> ORDER = Comparator.comparingLong(ExpectedPoint::windowEnd)
        .thenComparing(ExpectedPoint::dimension);

    static List<ExpectedPoint> sorted(List<ExpectedPoint> points) {
      List<ExpectedPoint> copy = new ArrayList<>(points);
      copy.sort(ORDER);
      return List.copyOf(copy);
    }
  }

  /**
   * What the contract emits for an input, in section 6's order.
   *
   * @param tEnd the largest valid event time, or null when the input has no valid event
   */
  public record Result(List<ExpectedAlert> alerts, List<ExpectedPoint> pvuv, Long tEnd) {

    public List<ExpectedAlert> alerts(AlertType... types) {
      Set<AlertType> wanted = Set.of(types);
      return alerts.stream().filter(a -> wanted.contains(a.type())).toList();
    }

    /** The alerts of the streams-app (section 3). */
    public List<ExpectedAlert> streamsAlerts() {
      return alerts.stream().filter(a -> a.source().equals(SOURCE_STREAMS)).toList();
    }

    /** The alerts of the Flink job (section 4). */
    public List<ExpectedAlert> flinkAlerts() {
      return alerts.stream().filter(a -> a.source().equals(SOURCE_FLINK)).toList();
    }

    /** The number of alerts of each type that has any. */
    public SortedMap<AlertType, Long> countByType() {
      SortedMap<AlertType, Long> counts = new TreeMap<>();
      alerts.forEach(a -> counts.merge(a.type(), 1L, Long::sum));
      return counts;
    }

    public List<ExpectedPoint> pvuv(String dimension) {
      return pvuv.stream().filter(p -> p.dimension().equals(dimension)).toList();
    }

    /** The alerts file a backtest writes for this input, line by line. */
    public List<String> alertLines() {
      return alerts.stream().map(ExpectedAlert::jsonLine).toList();
    }

    /** The PV/UV file a backtest writes for this input, line by line. */
    public List<String> pvuvLines() {
      return pvuv.stream().map(ExpectedPoint::jsonLine).toList();
    }
  }

  /** The contract with its default thresholds over {@code events} in arrival order. */
  public static Result run(Iterable<ClickEvent> events) {
    return run(events, Thresholds.CONTRACT);
  }

  public static Result run(Iterable<ClickEvent> events, Thresholds thresholds) {
    ReferenceContract contract = new ReferenceContract(thresholds);
    for (ClickEvent event : events) {
      contract.accept(event);
    }
    return new Result(ExpectedAlert.sorted(contract.alerts), ExpectedPoint.sorted(contract.points),
        contract.anyEvent ? contract.clock : null);
  }

  // ---- the event loop (section 2) ---------------------------------------------------------------

  /** A valid click, empty strings read as missing (section 1). */
  private record Click(long t, String type, String user, String product, String categoryCode, String session,
      long cents) {
    boolean is(String wanted) {
      return type.equals(wanted);
    }
  }

  /** A result waiting for the clock to reach {@code time}. */
  private record Due(long time, long order, Runnable emit) {}

  private final Thresholds thresholds;
  private final List<ExpectedAlert> alerts = new ArrayList<>();
  private final List<ExpectedPoint> points = new ArrayList<>();
  private final PriorityQueue<Due> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Due::time).thenComparingLong(Due::order));
  private long scheduled;
  private long clock = Long.MIN_VALUE;
  private boolean anyEvent;

  /** Each user's earlier valid events, in arrival order. */
  private final Map<String, List<Click>> history = new HashMap<>();

  private ReferenceContract(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  private void accept(ClickEvent event) {
    if (ClickValidator.invalidReason(event) != null) {
      return;
    }
    Click click = new Click(event.getEventTime().toEpochMilli(), event.getEventType(), event.getUserId(),
        event.getProductId(), missingIfEmpty(event.getCategoryCode()), missingIfEmpty(event.getUserSession()),
        Money.toCents(event.getPrice()));
    clock = anyEvent ? Math.max(clock, click.t()) : click.t();
    anyEvent = true;
    emitWhatIsDue();
    List<Click> earlier = history.computeIfAbsent(click.user(), user -> new ArrayList<>());
    crossSell(click, earlier);
    cartAbandonment(click);
    purchaseIntent(click, earlier);
    priceSensitivity(click, earlier);
    couponIssued(click);
    churnRisk(click);
    trafficSurge(click);
    pvUvCurves(click);
    earlier.add(click);
    emitWhatIsDue();
  }

  private void emitWhatIsDue() {
    while (!waiting.isEmpty() && waiting.peek().time() <= clock) {
      waiting.poll().emit().run();
    }
  }

  private void at(long time, Runnable emit) {
    waiting.add(new Due(time, scheduled++, emit));
  }

  // ---- section 3 (streams-app) -----------------------------------------------------------------

  private final Map<String, Long> lastCrossSell = new HashMap<>();

  /**
   * CROSS_SELL at a view e2: the user's previous event e1 is a view, same non-missing session,
   * {@code t2 - t1 < maxGap}, both categories present and different; not within the cooldown of the
   * user's previous CROSS_SELL.
   */
  private void crossSell(Click e2, List<Click> earlier) {
    if (!e2.is("view") || earlier.isEmpty()) {
      return;
    }
    Click e1 = earlier.get(earlier.size() - 1);
    boolean matches = e1.is("view")
        && e2.session() != null && e2.session().equals(e1.session())
        && e2.t() - e1.t() < thresholds.crossSellMaxGap().toMillis()
        && e1.categoryCode() != null && e2.categoryCode() != null && !e1.categoryCode().equals(e2.categoryCode());
    Long previous = lastCrossSell.get(e2.user());
    if (matches && (previous == null || e2.t() - previous >= thresholds.crossSellCooldown().toMillis())) {
      lastCrossSell.put(e2.user(), e2.t());
      streamsAlert(AlertType.CROSS_SELL, e2.user(), e2.session(), e2.product(), e2.t(),
          Map.of("fromCategory", e1.categoryCode(), "toCategory", e2.categoryCode()), null);
    }
  }

  /** An open cart item (u, p): the cart that opened or last restarted it. */
  private record CartItem(Click cart, long due) {}

  private final Map<String, CartItem> openCartItems = new HashMap<>();

  /**
   * CART_ABANDONMENT: a cart above the minimum price opens (or restarts) the item (u, p) due
   * {@code delay} later; a purchase or removal of p before the due time closes it silently; when the
   * clock reaches the due time with the item still open, one alert.
   */
  private void cartAbandonment(Click click) {
    String item = click.user() + '\u0000' + click.product();
    if (click.is("cart") && click.cents() > thresholds.cartAbandonmentMinCents()) {
      CartItem opened = new CartItem(click, click.t() + thresholds.cartAbandonmentDelay().toMillis());
      openCartItems.put(item, opened);
      at(opened.due(), () -> {
        if (openCartItems.remove(item, opened)) {
          streamsAlert(AlertType.CART_ABANDONMENT, click.user(), click.session(), click.product(), opened.due(),
              Map.of("price", Money.format(click.cents())), null);
        }
      });
    } else if (click.is("purchase") || click.is("remove_from_cart")) {
      // Whatever was due at or before the clock has been emitted already: what is open is due later.
      openCartItems.remove(item);
    }
  }

  private final Map<String, Long> lastPurchaseIntent = new HashMap<>();

  /**
   * PURCHASE_INTENT at a view of p at t: n = the user's views of p with {@code t - tv < window} (this
   * one included); emitted if n >= minViews, no purchase of p with {@code t - tp < window}, and the
   * previous PURCHASE_INTENT for p is at least {@code cooldown} ago.
   */
  private void purchaseIntent(Click view, List<Click> earlier) {
    if (!view.is("view")) {
      return;
    }
    long window = thresholds.purchaseIntentWindow().toMillis();
    int views = 1;
    boolean purchased = false;
    for (Click e : earlier) {
      if (e.product().equals(view.product()) && view.t() - e.t() < window) {
        views += e.is("view") ? 1 : 0;
        purchased |= e.is("purchase");
      }
    }
    String item = view.user() + '\u0000' + view.product();
    Long previous = lastPurchaseIntent.get(item);
    if (views >= thresholds.purchaseIntentMinViews() && !purchased
        && (previous == null || view.t() - previous >= thresholds.purchaseIntentCooldown().toMillis())) {
      lastPurchaseIntent.put(item, view.t());
      streamsAlert(AlertType.PURCHASE_INTENT, view.user(), view.session(), view.product(), view.t(),
          Map.of("views", Integer.toString(views)), null);
    }
  }

  private final Map<String, Long> lastPriceSensitivity = new HashMap<>();

  /**
   * PRICE_SENSITIVITY at a cart of p at t: among the user's views of p with {@code t - tv < window} a
   * view a is followed later (in arrival order) by a cheaper view b; the witness is the first such a
   * with its first such b. Not within the cooldown of the previous PRICE_SENSITIVITY for p.
   */
  private void priceSensitivity(Click cart, List<Click> earlier) {
    if (!cart.is("cart")) {
      return;
    }
    List<Click> views = new ArrayList<>();
    for (Click e : earlier) {
      if (e.is("view") && e.product().equals(cart.product())
          && cart.t() - e.t() < thresholds.priceSensitivityWindow().toMillis()) {
        views.add(e);
      }
    }
    Click before = null;
    Click after = null;
    for (int a = 0; a < views.size() && after == null; a++) {
      for (int b = a + 1; b < views.size() && after == null; b++) {
        if (views.get(b).cents() < views.get(a).cents()) {
          before = views.get(a);
          after = views.get(b);
        }
      }
    }
    String item = cart.user() + '\u0000' + cart.product();
    Long previous = lastPriceSensitivity.get(item);
    if (after != null
        && (previous == null || cart.t() - previous >= thresholds.priceSensitivityCooldown().toMillis())) {
      lastPriceSensitivity.put(item, cart.t());
      streamsAlert(AlertType.PRICE_SENSITIVITY, cart.user(), cart.session(), cart.product(), cart.t(),
          Map.of("priceBefore", Money.format(before.cents()), "priceAfter", Money.format(after.cents())), null);
    }
  }

  /** spend(u, D) of the days the clock has not left yet. */
  private final Map<String, Long> spendByUserAndDay = new HashMap<>();
  private long spendClockDay = Long.MIN_VALUE;

  /**
   * COUPON_ISSUED: a purchase taking spend(u, D) from {@code before} to {@code after} emits one alert
   * per tier T with {@code before < T <= after}. A day's spend is dropped once the clock has left that
   * day, so a late purchase of such a day starts from 0 and is not remembered.
   */
  private void couponIssued(Click click) {
    long clockDay = day(clock);
    if (clockDay != spendClockDay) {
      spendByUserAndDay.keySet().removeIf(key -> Long.parseLong(key.substring(key.indexOf('\u0000') + 1)) < clockDay);
      spendClockDay = clockDay;
    }
    if (!click.is("purchase")) {
      return;
    }
    long day = day(click.t());
    String key = click.user() + '\u0000' + day;
    long before = spendByUserAndDay.getOrDefault(key, 0L);
    long after = before + click.cents();
    if (day >= clockDay) {
      spendByUserAndDay.put(key, after);
    }
    for (long tier : thresholds.couponTiersCents()) {
      if (before < tier && tier <= after) {
        String tierText = Money.formatPlain(tier);
        streamsAlert(AlertType.COUPON_ISSUED, click.user(), click.session(), click.product(), click.t(),
            Map.of("tier", tierText, "spend", Money.format(after)), tierText);
      }
    }
  }

  private long day(long t) {
    return Instant.ofEpochMilli(t).atZone(thresholds.couponZone()).toLocalDate().toEpochDay();
  }

  private void streamsAlert(AlertType type, String user, String session, String product, long eventTime,
      Map<String, String> attributes, String discriminator) {
    alerts.add(new ExpectedAlert(Alerts.alertId(type, user, product, eventTime, discriminator), type, user, session,
        product, eventTime, SOURCE_STREAMS, new TreeMap<>(attributes)));
  }

  // ---- section 4 (flink-jobs) ------------------------------------------------------------------

  /** A user's open churn window. */
  private static final class ChurnWindow {
    final long start;
    int views;

    ChurnWindow(long start) {
      this.start = start;
    }
  }

  private final Map<String, ChurnWindow> openChurnWindows = new HashMap<>();

  /**
   * CHURN_RISK: a view while the user has no open window opens one at {@code w0 = t}; each view in it
   * counts; a purchase in it discards it. When the clock reaches {@code w0 + window} the window closes,
   * with one alert if it holds at least {@code minViews} views.
   */
  private void churnRisk(Click click) {
    String user = click.user();
    if (click.is("view")) {
      ChurnWindow window = openChurnWindows.get(user);
      if (window == null) {
        ChurnWindow opened = new ChurnWindow(click.t());
        openChurnWindows.put(user, opened);
        long end = opened.start + thresholds.churnWindow().toMillis();
        at(end, () -> {
          if (openChurnWindows.remove(user, opened) && opened.views >= thresholds.churnMinViews()) {
            flinkAlert(AlertType.CHURN_RISK, user, end, Map.of("views", Integer.toString(opened.views),
                "windowStart", Long.toString(opened.start)));
          }
        });
        window = opened;
      }
      window.views++;
    } else if (click.is("purchase")) {
      openChurnWindows.remove(user);
    }
  }

  /** c(m): views per epoch-aligned minute start. */
  private final Map<Long, Long> viewsPerMinute = new HashMap<>();
  /** Whether each minute surged, decided when the clock reached its end. */
  private final Map<Long, Boolean> surged = new HashMap<>();
  private Long firstView;

  /**
   * TRAFFIC_SURGE: each minute m from the first view's minute on is judged when the clock reaches
   * {@code m + 1 min}; it surges if the first view is at or before {@code m - history}, {@code c(m)
   * >= minViews} and {@code c(m) x baseline >= factor x (sum of c over the baseline minutes before
   * m)}, exactly. A surging minute whose previous minute did not surge is an alert.
   */
  private void trafficSurge(Click click) {
    if (!click.is("view")) {
      return;
    }
    long minute = Math.floorDiv(click.t(), MINUTE) * MINUTE;
    viewsPerMinute.merge(minute, 1L, Long::sum);
    if (firstView == null) {
      firstView = click.t();
      judgeMinuteAtItsEnd(minute);
    }
    firstView = Math.min(firstView, click.t());
  }

  private void judgeMinuteAtItsEnd(long m) {
    at(m + MINUTE, () -> {
      long count = viewsPerMinute.getOrDefault(m, 0L);
      long baselineSum = 0;
      for (int k = 1; k <= thresholds.surgeBaselineMinutes(); k++) {
        baselineSum += viewsPerMinute.getOrDefault(m - k * MINUTE, 0L);
      }
      boolean surges = firstView <= m - thresholds.surgeHistoryMinutes() * MINUTE
          && count >= thresholds.surgeMinViews()
          && BigDecimal.valueOf(count * thresholds.surgeBaselineMinutes())
              .compareTo(thresholds.surgeFactor().multiply(BigDecimal.valueOf(baselineSum))) >= 0;
      surged.put(m, surges);
      if (surges && !surged.getOrDefault(m - MINUTE, false)) {
        flinkAlert(AlertType.TRAFFIC_SURGE, null, m + MINUTE, Map.of("views", Long.toString(count), "baseline",
            BigDecimal.valueOf(baselineSum).divide(BigDecimal.valueOf(thresholds.surgeBaselineMinutes()), 2,
                RoundingMode.HALF_UP).toPlainString()));
      }
      judgeMinuteAtItsEnd(m + MINUTE);
    });
  }

  private void flinkAlert(AlertType type, String user, long eventTime, Map<String, String> attributes) {
    alerts.add(new ExpectedAlert(Alerts.alertId(type, user, null, eventTime, null), type, user, null, null,
        eventTime, SOURCE_FLINK, new TreeMap<>(attributes)));
  }

  /** One curve: a UTC day and a dimension. */
  private static final class Curve {
    final long day;
    final String dimension;
    final List<Click> viewsNotYetCounted = new ArrayList<>();
    final Set<String> users = new HashSet<>();
    long pv;

    Curve(long day, String dimension) {
      this.day = day;
      this.dimension = dimension;
    }
  }

  private final Map<String, Curve> curves = new HashMap<>();

  /**
   * PV/UV curves: for each UTC day D and dimension ({@code all} and the view's top-level category),
   * at every step end {@code m = D + k min} (k = 1..1440) the clock reaches while the dimension has a
   * view in {@code [D, m)}: one point with pv = those views, uv = their distinct users.
   */
  private void pvUvCurves(Click click) {
    if (!click.is("view")) {
      return;
    }
    long day = Math.floorDiv(click.t(), DAY) * DAY;
    for (String dimension : List.of("all", topLevelCategory(click.categoryCode()))) {
      Curve curve = curves.get(day + "|" + dimension);
      if (curve == null) {
        curve = new Curve(day, dimension);
        curves.put(day + "|" + dimension, curve);
        // Steps before the first view's minute have no view in [D, m): the first point is at its end.
        stepAtItsEnd(curve, Math.floorDiv(click.t(), MINUTE) * MINUTE + MINUTE);
      }
      curve.viewsNotYetCounted.add(click);
    }
  }

  private void stepAtItsEnd(Curve curve, long m) {
    if (m > curve.day + STEPS_PER_DAY * MINUTE) {
      return;
    }
    at(m, () -> {
      // Every view seen so far with t < m is in [D, m); views at or after m wait for a later step.
      curve.viewsNotYetCounted.removeIf(view -> {
        if (view.t() < m) {
          curve.pv++;
          curve.users.add(view.user());
          return true;
        }
        return false;
      });
      if (curve.pv > 0) {
        points.add(new ExpectedPoint(LocalDate.ofEpochDay(curve.day / DAY).toString(), m, curve.dimension, curve.pv,
            curve.users.size()));
      }
      stepAtItsEnd(curve, m + MINUTE);
    });
  }

  /** The part of the category code before the first '.'; {@code none} when it is missing. */
  private static String topLevelCategory(String categoryCode) {
    if (categoryCode == null) {
      return "none";
    }
    int dot = categoryCode.indexOf('.');
    return dot < 0 ? categoryCode : categoryCode.substring(0, dot);
  }

  private static String missingIfEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String json(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
