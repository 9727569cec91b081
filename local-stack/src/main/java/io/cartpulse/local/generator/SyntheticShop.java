package io.cartpulse.local.generator;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.EventType;
import io.cartpulse.local.generator.SceneHeap.Scene;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.SettingsVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic synthetic shop: an endless, seeded stream of REES46-like {@link ClickEvent}s in
 * non-decreasing event time, with scripted personas woven into the background traffic so that every
 * alert of ALERTS.md happens early in a run.
 *
 * <h2>What it simulates</h2>
 * <ul>
 *   <li><b>Catalog</b> ({@link ShopCatalog}): categories with REES46 dotted codes
 *       ({@code electronics.smartphone}, {@code appliances.kitchen.washer}, {@code furniture.living_room.sofa} ...);
 *       categories beyond the built-in list of codes have none (missing {@code category_code}, as in
 *       REES46). Brands per top-level category, some products without one. Prices with two decimals,
 *       log-uniform within a range per category, many above 200.00.</li>
 *   <li><b>Background shoppers</b>: sessions arrive as a Poisson process; each has a user (popular
 *       users return more often), a UUID session id, and a short walk: it starts with a view, then
 *       views more of the same category, hops to another one, re-views, carts, sometimes removes or
 *       buys what is in its cart (about 90% views overall), with ~40 s between clicks and a mean of 8
 *       clicks per session (at very high real-time rates the gaps shrink so that no more than
 *       ~100,000 sessions are in progress at once). The stream opens on a busy shop: the background already runs for up to
 *       20 event minutes before {@code startEpochMs} (those clicks are dropped), so some sessions are
 *       in progress at the start, as in the REES46 file.</li>
 *   <li><b>Personas</b> (a "round" every {@link ShopConfig#personaIntervalMs()} of event time, the
 *       first one 2 minutes after the start; each persona is a fresh user with an id of
 *       600000000 and up, so background clicks never change its outcome):
 *       <ul>
 *         <li>cross-seller: views a product of coded category A, then one of coded category B 30-90 s
 *             later in the same session -> CROSS_SELL;</li>
 *         <li>cart abandoner: views and carts a product priced 250.00+, then goes quiet ->
 *             CART_ABANDONMENT 10 minutes later;</li>
 *         <li>intent viewer: views one product 5 times in 8 minutes (two other products in between),
 *             buys nothing -> PURCHASE_INTENT at the 4th view;</li>
 *         <li>price watcher: views a 30-180 product, views it again 3 minutes later at a 10-25% lower
 *             price, carts it, buys it -> PRICE_SENSITIVITY (below 200.00: no abandonment, no coupon);</li>
 *         <li>big spender: views and carts 250.00+ products until the basket reaches 1100.00, then
 *             buys them all at one checkout -> COUPON_ISSUED for the tiers 200, 500 and 1000;</li>
 *         <li>churner: 12 single-view visits 10 hours apart, never buys -> CHURN_RISK when its 7-day
 *             window closes.</li>
 *         <li>bargain abandoner: carts a product priced 120.01-200.00 and goes quiet: nothing under the
 *             contract's 200.00 threshold, CART_ABANDONMENT once the shop's settings version
 *             ({@link #demoSettings}: {@code cart-abandonment.min-price=120.00} from the second day) is
 *             in force - a threshold change that visibly changes what fires (ALERTS.md section 8).
 *             Its own users (700000000 and up) and random numbers, so the other scenes stay as they were.</li>
 *       </ul></li>
 *   <li><b>Flash-sale bursts</b> every {@link ShopConfig#surgeIntervalMs()}, the first in the first
 *       whole minute at least 45 minutes after the start (so 30 minutes of history exist): one
 *       epoch-aligned minute with {@code max(200, 3 x the background clicks of a minute)} extra views
 *       by a crowd, 70% of them on one hot product -> TRAFFIC_SURGE (c(m) >= 50 and >= 3 x the
 *       30-minute baseline).</li>
 * </ul>
 * Event times are whole seconds (like REES46, so a CSV round trip is exact); internally the clock
 * runs in milliseconds, so many events may share a second.
 *
 * <h2>Defaults ({@link ShopConfig#defaults()}) and why</h2>
 * The alert horizons span 5 minutes to 7 days, and a demo should show all of them within its first
 * minute. So the shop's event clock runs much faster than the wall clock:
 * <ul>
 *   <li>{@code eventsPerSecond = 2000}, {@code timeSpeed = 14400} (4 event hours per wall second): a
 *       launcher that paces by either number (2000 events per wall second, or event time / 14400)
 *       sees the same run. The shop sizes its background traffic so that all clicks together average
 *       {@code eventsPerSecond / timeSpeed} per event-ms: ~500 per event hour, ~8 per event minute.</li>
 *   <li>7 event days then pass in 42 wall seconds (84,000 events). The first churner starts ~3.5
 *       event minutes in, so its CHURN_RISK is due after ~84,000 events, well inside the first
 *       {@code 60 x 2000 = 120,000} events (~10 event days).</li>
 *   <li>One event minute holds only ~8 background clicks, so no minute could surge on its own: the
 *       scripted burst packs 200 views into one minute (~25 x its baseline), first at minute 45
 *       (its alert is due ~0.3 wall seconds in), then every 6 event hours (every 1.5 wall seconds).</li>
 *   <li>A persona round every event hour (4 per wall second) gives a steady flow of every
 *       per-user alert, the first ones within 0.1 wall seconds; PV/UV points exist from the first
 *       event minute on.</li>
 *   <li>20,000 users, 5,000 products, 80 categories (62 with a code, 18 without), start at
 *       2019-10-01T00:00:00Z like the REES46 October file, seed 20191001.</li>
 * </ul>
 * {@link ShopConfig#realTime()} turns compression off ({@code timeSpeed = 1}, 200 events/s, a persona
 * round every 5 minutes, a burst every hour): realistic densities, but then CHURN_RISK takes a real
 * week and the first surge 45 real minutes.
 *
 * <p>Not thread-safe. {@link #next()} costs a few hundred nanoseconds: one heap sift, a few random
 * draws and the event allocation (no formatting; ids and prices are precomputed).
 */
public final class SyntheticShop {

  private static final long SECOND = 1_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  static final String VIEW = EventType.VIEW.wireName();
  static final String CART = EventType.CART.wireName();
  static final String REMOVE = EventType.REMOVE_FROM_CART.wireName();
  static final String PURCHASE = EventType.PURCHASE.wireName();

  /** Background: mean clicks per session (a session ends after each click with probability 1/8). */
  static final int MEAN_EVENTS_PER_SESSION = 8;
  /** Background: the time between two clicks of a session is 2 s + exponential(38 s). */
  private static final long MIN_CLICK_GAP_MS = 2 * SECOND;
  private static final double MEAN_EXTRA_CLICK_GAP_MS = 38 * SECOND;
  /** Background click mix after the first view of a session. */
  private static final double P_CART = 0.055;
  private static final double P_REMOVE = 0.015;
  private static final double P_PURCHASE = 0.035;

  /** Persona users have ids from here on; background users stay below. */
  static final long PERSONA_USER_BASE = 600_000_000L;
  static final long BARGAIN_USER_BASE = 700_000_000L;
  /** The shop's flash-sale day: from here the demo settings lower the abandonment threshold. */
  static final long DEMO_SETTINGS_FROM_MS = 24 * 60 * 60_000L;
  private static final long BACKGROUND_USER_BASE = 512_000_000L;
  /** The first persona round starts this long after the start (a little background history first). */
  static final long FIRST_ROUND_DELAY_MS = 2 * MINUTE;
  /** The first flash-sale burst: the first whole minute at least this long after the start. */
  static final long FIRST_SURGE_DELAY_MS = 45 * MINUTE;
  static final int MIN_SURGE_VIEWS = 200;
  /**
   * At most about this many sessions in progress at once: a real-time shop at a very high rate
   * would otherwise hold millions (memory, and a slower heap). Beyond it clicks come faster.
   */
  private static final double MAX_CONCURRENT_SESSIONS = 100_000;
  /** Sessions last ~5 minutes; this much history before the start brings the background to its steady rate. */
  private static final long MAX_WARM_UP_MS = 20 * MINUTE;
  /** ... unless that is more clicks than this (very high rates): then a shorter warm-up. */
  private static final double MAX_WARM_UP_EVENTS = 500_000;
  /** Clicks one persona round adds on average (for sizing the background). */
  private static final double EVENTS_PER_ROUND = 43;

  /**
   * How the shop behaves. {@code timeSpeed} (event-ms per wall-ms) and {@code eventsPerSecond}
   * (per wall second) together fix the event density the shop generates; a launcher paces by
   * either. {@code maxEvents = 0}: endless. {@code personaIntervalMs} / {@code surgeIntervalMs} = 0
   * switch personas / bursts off (pure background traffic).
   */
  public record ShopConfig(long seed, int users, int products, int categories, long startEpochMs, double timeSpeed,
      long maxEvents, int eventsPerSecond, long personaIntervalMs, long surgeIntervalMs) {

    /** 2019-10-01T00:00:00Z, the first instant of the REES46 October file. */
    public static final long DEFAULT_START_EPOCH_MS = 1_569_888_000_000L;

    public ShopConfig {
      require(users >= 1 && users <= 1_000_000, "users", users, "must be 1..1000000");
      require(categories >= 2 && categories <= 100_000, "categories", categories, "must be 2..100000");
      require(products >= categories && products <= 2_000_000, "products", products,
          "must be at least categories (" + categories + ") and at most 2000000");
      require(startEpochMs >= 0, "startEpochMs", startEpochMs, "must be >= 0");
      require(timeSpeed > 0 && Double.isFinite(timeSpeed), "timeSpeed", timeSpeed, "must be a positive number");
      require(maxEvents >= 0, "maxEvents", maxEvents, "must be >= 0 (0 = unlimited)");
      require(eventsPerSecond >= 1, "eventsPerSecond", eventsPerSecond, "must be >= 1");
      require(personaIntervalMs == 0 || personaIntervalMs >= MINUTE, "personaIntervalMs", personaIntervalMs,
          "must be 0 (no personas) or at least 60000");
      require(surgeIntervalMs == 0 || (surgeIntervalMs >= 31 * MINUTE && surgeIntervalMs % MINUTE == 0),
          "surgeIntervalMs", surgeIntervalMs,
          "must be 0 (no bursts) or whole minutes of at least 31 (a burst must not be in the next one's baseline)");
    }

    private static void require(boolean ok, String key, Object value, String rule) {
      if (!ok) {
        throw new IllegalArgumentException("ShopConfig." + key + " = " + value + ": " + rule);
      }
    }

    /** The compressed demo shop: every alert within the first wall minute (see the class javadoc). */
    public static ShopConfig defaults() {
      return new ShopConfig(20191001L, 20_000, 5_000, 80, DEFAULT_START_EPOCH_MS, 14_400.0, 0, 2_000,
          HOUR, 6 * HOUR);
    }

    /** No time compression: one event second per wall second, realistic traffic densities. */
    public static ShopConfig realTime() {
      return defaults().withTimeSpeed(1.0).withEventsPerSecond(200).withPersonaIntervalMs(5 * MINUTE)
          .withSurgeIntervalMs(HOUR);
    }

    public ShopConfig withSeed(long value) {
      return new ShopConfig(value, users, products, categories, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withUsers(int value) {
      return new ShopConfig(seed, value, products, categories, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withProducts(int value) {
      return new ShopConfig(seed, users, value, categories, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withCategories(int value) {
      return new ShopConfig(seed, users, products, value, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withStartEpochMs(long value) {
      return new ShopConfig(seed, users, products, categories, value, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withTimeSpeed(double value) {
      return new ShopConfig(seed, users, products, categories, startEpochMs, value, maxEvents, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withMaxEvents(long value) {
      return new ShopConfig(seed, users, products, categories, startEpochMs, timeSpeed, value, eventsPerSecond,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withEventsPerSecond(int value) {
      return new ShopConfig(seed, users, products, categories, startEpochMs, timeSpeed, maxEvents, value,
          personaIntervalMs, surgeIntervalMs);
    }

    public ShopConfig withPersonaIntervalMs(long value) {
      return new ShopConfig(seed, users, products, categories, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          value, surgeIntervalMs);
    }

    public ShopConfig withSurgeIntervalMs(long value) {
      return new ShopConfig(seed, users, products, categories, startEpochMs, timeSpeed, maxEvents, eventsPerSecond,
          personaIntervalMs, value);
    }

    /** Events a run at {@link #eventsPerSecond()} emits in {@code wallSeconds}. */
    public long eventsIn(double wallSeconds) {
      return (long) Math.ceil(wallSeconds * eventsPerSecond);
    }
  }

  private final ShopConfig config;
  private final ShopCatalog catalog;
  private final SplittableRandom random;
  private final SplittableRandom bargainRandom;
  private long bargainSequence;
  private final String[] userIds;
  private final SceneHeap scenes = new SceneHeap();

  private final double meanSessionGapMs;
  /** 1, or less when {@link #MAX_CONCURRENT_SESSIONS} would be exceeded: shrinks the click gaps. */
  private final double clickGapScale;
  private final int surgeViews;
  private double nextSessionAt;
  private long nextRoundAt;
  private long nextSurgeAt;

  private long sceneOrder;
  private long personaSequence;
  private long emitted;
  private long clock;

  public SyntheticShop(ShopConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.bargainRandom = new SplittableRandom(config.seed() ^ BARGAIN_USER_BASE);
    this.catalog = new ShopCatalog(config.categories(), config.products(), random);
    this.userIds = new String[config.users()];
    for (int u = 0; u < userIds.length; u++) {
      userIds[u] = Long.toString(BACKGROUND_USER_BASE + u * 53L + random.nextInt(53));
    }

    double eventsPerMs = config.eventsPerSecond() / (config.timeSpeed() * SECOND);
    double personaPerMs = config.personaIntervalMs() == 0 ? 0 : EVENTS_PER_ROUND / config.personaIntervalMs();
    double backgroundEstimate = Math.max(eventsPerMs * 0.25, eventsPerMs - personaPerMs);
    // A surge needs c(m) >= 3 x the 30-minute mean: 3 x a minute's background clicks (of which
    // ~90% are views) on top of that minute's own traffic gives c(m) ~ 4.3 x the mean views.
    this.surgeViews = (int) Math.max(MIN_SURGE_VIEWS, Math.ceil(3 * backgroundEstimate * MINUTE));
    double surgePerMs = config.surgeIntervalMs() == 0 ? 0 : (double) surgeViews / config.surgeIntervalMs();
    double backgroundPerMs = Math.max(eventsPerMs * 0.25, eventsPerMs - personaPerMs - surgePerMs);
    this.meanSessionGapMs = MEAN_EVENTS_PER_SESSION / backgroundPerMs;
    double sessionMs = (MEAN_EVENTS_PER_SESSION - 1) * (MIN_CLICK_GAP_MS + MEAN_EXTRA_CLICK_GAP_MS);
    double concurrentSessions = sessionMs / meanSessionGapMs;
    this.clickGapScale = Math.min(1.0, MAX_CONCURRENT_SESSIONS / concurrentSessions);

    long start = config.startEpochMs();
    this.clock = start;
    this.nextRoundAt = config.personaIntervalMs() == 0 ? Long.MAX_VALUE : start + FIRST_ROUND_DELAY_MS;
    this.nextSurgeAt = config.surgeIntervalMs() == 0 ? Long.MAX_VALUE : firstSurgeMinute(start);
    long warmUpMs = (long) Math.min(MAX_WARM_UP_MS, MAX_WARM_UP_EVENTS / backgroundPerMs);
    this.nextSessionAt = start - warmUpMs;
    warmUp(start);
  }

  /** The first epoch-aligned minute starting at least {@link #FIRST_SURGE_DELAY_MS} after {@code start}. */
  static long firstSurgeMinute(long start) {
    long earliest = start + FIRST_SURGE_DELAY_MS;
    return Math.floorDiv(earliest + MINUTE - 1, MINUTE) * MINUTE;
  }

  public ShopConfig config() {
    return config;
  }

  /** Extra views in each flash-sale minute. */
  public int surgeViews() {
    return surgeViews;
  }

  /** Events emitted so far. */
  public long emitted() {
    return emitted;
  }

  /**
   * The shop's event clock: the event time (epoch ms) of the last event {@link #next()} returned,
   * {@code startEpochMs} before the first one. Never decreases.
   */
  public long eventClock() {
    return clock;
  }

  /** The next event, or null once {@code maxEvents} (when > 0) events have been emitted. */
  public ClickEvent next() {
    if (config.maxEvents() > 0 && emitted >= config.maxEvents()) {
      return null;
    }
    startDueScenes();
    ClickEvent event = emitTop();
    emitted++;
    clock = event.getEventTime().toEpochMilli();
    return event;
  }

  /**
   * Runs the background from {@code warmUp} before the start and drops those clicks, so that the
   * stream starts with the shop already busy (sessions in progress), not with an empty one
   * filling up over the first minutes of a session's length.
   */
  private void warmUp(long start) {
    while (true) {
      startDueScenes();
      if (scenes.topTime() >= start) {
        return;
      }
      emitTop();
    }
  }

  private ClickEvent emitTop() {
    Scene scene = scenes.top();
    ClickEvent event;
    boolean finished;
    if (scene instanceof Session session) {
      event = emit(session);
      finished = session.finished;
    } else if (scene instanceof Script script) {
      event = emit(script);
      finished = script.next == script.size;
    } else {
      Burst burst = (Burst) scene;
      event = emit(burst);
      finished = burst.next == burst.views;
    }
    if (finished) {
      scenes.removeTop();
    } else {
      scenes.topChanged();
    }
    return event;
  }

  /** Starts every session, persona round and burst due no later than the earliest pending event. */
  private void startDueScenes() {
    while (true) {
      long head = scenes.topTime();
      long sessionAt = (long) Math.floor(nextSessionAt);
      if (sessionAt <= head && sessionAt <= nextRoundAt && sessionAt <= nextSurgeAt) {
        startSession(sessionAt);
        nextSessionAt += exponential(meanSessionGapMs);
      } else if (nextRoundAt <= head && nextRoundAt <= nextSurgeAt) {
        startPersonaRound(nextRoundAt);
        nextRoundAt += config.personaIntervalMs();
      } else if (nextSurgeAt <= head) {
        startBurst(nextSurgeAt);
        nextSurgeAt += config.surgeIntervalMs();
      } else {
        return;
      }
    }
  }

  private void add(Scene scene, long time) {
    scene.time = time;
    scene.order = sceneOrder++;
    scenes.add(scene);
  }

  private double exponential(double mean) {
    return -Math.log(1.0 - random.nextDouble()) * mean;
  }

  private String newSessionId() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private String newPersonaUser() {
    return Long.toString(PERSONA_USER_BASE + personaSequence++);
  }

  private ClickEvent event(long time, String type, int product, BigDecimal price, String user, String session) {
    int category = catalog.productCategory[product];
    return new ClickEvent(Instant.ofEpochMilli(time - Math.floorMod(time, SECOND)), type,
        catalog.productIds[product], catalog.categoryIds[category], catalog.categoryCodes[category],
        catalog.productBrand[product], price, user, session);
  }

  // ---------------------------------------------------------------- background shoppers

  private static final class Session extends Scene {
    final String user;
    final String session;
    int category;
    int product;
    final int[] cart = new int[4];
    int cartSize;
    boolean started;
    boolean finished;

    Session(String user, String session, int product, int category) {
      this.user = user;
      this.session = session;
      this.product = product;
      this.category = category;
    }
  }

  private void startSession(long time) {
    String user = userIds[ShopCatalog.skewedIndex(random, userIds.length)];
    int category = ShopCatalog.skewedIndex(random, catalog.categoryCount);
    int product = catalog.productIn(category, random);
    add(new Session(user, newSessionId(), product, category), time);
  }

  private ClickEvent emit(Session s) {
    String type = VIEW;
    int product = s.product;
    if (s.started) {
      double r = random.nextDouble();
      if (r < P_CART) {
        type = CART;
        addToCart(s, product);
      } else if (r < P_CART + P_REMOVE && s.cartSize > 0) {
        type = REMOVE;
        product = takeFromCart(s);
      } else if (r < P_CART + P_REMOVE + P_PURCHASE && s.cartSize > 0) {
        type = PURCHASE;
        product = takeFromCart(s);
      } else {
        double where = random.nextDouble();
        if (where < 0.15) {
          s.category = ShopCatalog.skewedIndex(random, catalog.categoryCount);
          product = catalog.productIn(s.category, random);
        } else if (where < 0.85) {
          product = catalog.productIn(s.category, random);
        }
        s.product = product;
      }
    }
    s.started = true;
    ClickEvent event = event(s.time, type, product, catalog.prices[product], s.user, s.session);
    if (random.nextInt(MEAN_EVENTS_PER_SESSION) == 0) {
      s.finished = true;
    } else {
      s.time += (long) ((MIN_CLICK_GAP_MS + exponential(MEAN_EXTRA_CLICK_GAP_MS)) * clickGapScale);
    }
    return event;
  }

  private static void addToCart(Session s, int product) {
    if (s.cartSize < s.cart.length) {
      s.cart[s.cartSize++] = product;
    }
  }

  private int takeFromCart(Session s) {
    int index = random.nextInt(s.cartSize);
    int product = s.cart[index];
    s.cart[index] = s.cart[--s.cartSize];
    return product;
  }

  // ---------------------------------------------------------------- scripted personas

  /** A persona's planned clicks, all for one user, in time order. */
  private static final class Script extends Scene {
    final String user;
    long[] times = new long[16];
    String[] types = new String[16];
    int[] products = new int[16];
    BigDecimal[] prices = new BigDecimal[16];
    String[] sessions = new String[16];
    int size;
    int next;

    Script(String user) {
      this.user = user;
    }

    Script click(long time, String type, int product, BigDecimal price, String session) {
      if (size > 0 && time < times[size - 1]) {
        throw new IllegalStateException("persona clicks out of order: " + time + " < " + times[size - 1]);
      }
      if (size == times.length) {
        times = java.util.Arrays.copyOf(times, size * 2);
        types = java.util.Arrays.copyOf(types, size * 2);
        products = java.util.Arrays.copyOf(products, size * 2);
        prices = java.util.Arrays.copyOf(prices, size * 2);
        sessions = java.util.Arrays.copyOf(sessions, size * 2);
      }
      times[size] = time;
      types[size] = type;
      products[size] = product;
      prices[size] = price;
      sessions[size] = session;
      size++;
      return this;
    }
  }

  private ClickEvent emit(Script s) {
    int i = s.next++;
    ClickEvent event = event(s.times[i], s.types[i], s.products[i], s.prices[i], s.user, s.sessions[i]);
    if (s.next < s.size) {
      s.time = s.times[s.next];
    }
    return event;
  }

  private void schedule(Script script) {
    add(script, script.times[0]);
  }

  private long seconds(int min, int max) {
    return (min + random.nextInt(max - min + 1)) * SECOND;
  }

  /**
   * The settings version that goes with the shop's bargain abandoners: from the start of its second
   * day, carts above 120.00 open abandonment items (version 1, ALERTS.md section 8).
   */
  public static List<SettingsVersion> demoSettings(ShopConfig config) {
    return List.of(SettingsVersion.of(1, config.startEpochMs() + DEMO_SETTINGS_FROM_MS,
        Map.of(RuleCatalog.CART_ABANDONMENT_MIN_PRICE.key(), "120.00")));
  }

  /** A bargain cart, with its own users and random numbers (see the class comment). */
  private Script bargainAbandoner(long t) {
    int[] bargains = catalog.bargainProducts;
    if (bargains.length == 0) {
      return null;
    }
    int product = bargains[bargainRandom.nextInt(bargains.length)];
    String session = new UUID(bargainRandom.nextLong(), bargainRandom.nextLong()).toString();
    return new Script(Long.toString(BARGAIN_USER_BASE + bargainSequence++))
        .click(t, VIEW, product, catalog.prices[product], session)
        .click(t + (30 + bargainRandom.nextInt(60)) * SECOND, CART, product, catalog.prices[product], session);
  }

  private void startPersonaRound(long at) {
    schedule(crossSeller(at + seconds(0, 10)));
    schedule(cartAbandoner(at + seconds(20, 30)));
    schedule(intentViewer(at + seconds(40, 50)));
    schedule(priceWatcher(at + seconds(60, 70)));
    schedule(bigSpender(at + seconds(80, 90)));
    schedule(churner(at + seconds(100, 110)));
    Script bargain = bargainAbandoner(at + 120 * SECOND);
    if (bargain != null) {
      schedule(bargain);
    }
  }

  private int pick(int[] from) {
    return from[random.nextInt(from.length)];
  }

  private int otherProductLike(int product) {
    return catalog.productIn(catalog.productCategory[product], random);
  }

  /** View in coded category A, then within 30-90 s a view in coded category B (same session). */
  private Script crossSeller(long t) {
    int from = pick(catalog.codedCategories);
    int to = from;
    while (to == from) {
      to = pick(catalog.codedCategories);
    }
    String session = newSessionId();
    int first = catalog.productIn(from, random);
    int second = catalog.productIn(to, random);
    int third = catalog.productIn(to, random);
    long t2 = t + seconds(30, 90);
    return new Script(newPersonaUser())
        .click(t, VIEW, first, catalog.prices[first], session)
        .click(t2, VIEW, second, catalog.prices[second], session)
        .click(t2 + seconds(40, 100), VIEW, third, catalog.prices[third], session);
  }

  /** Looks at an expensive product, carts it (> 200.00), leaves. */
  private Script cartAbandoner(long t) {
    int product = pick(catalog.expensiveProducts);
    int alternative = otherProductLike(product);
    String session = newSessionId();
    long t2 = t + seconds(40, 80);
    long t3 = t2 + seconds(60, 120);
    return new Script(newPersonaUser())
        .click(t, VIEW, product, catalog.prices[product], session)
        .click(t2, VIEW, alternative, catalog.prices[alternative], session)
        .click(t3, VIEW, product, catalog.prices[product], session)
        .click(t3 + seconds(30, 60), CART, product, catalog.prices[product], session);
  }

  /** Five views of one product 2 minutes apart (the 4th at +6 min), two comparisons in between, no purchase. */
  private Script intentViewer(long t) {
    int product = catalog.productIn(ShopCatalog.skewedIndex(random, catalog.categoryCount), random);
    int compared = otherProductLike(product);
    BigDecimal price = catalog.prices[product];
    String session = newSessionId();
    return new Script(newPersonaUser())
        .click(t, VIEW, product, price, session)
        .click(t + 1 * MINUTE, VIEW, compared, catalog.prices[compared], session)
        .click(t + 2 * MINUTE, VIEW, product, price, session)
        .click(t + 4 * MINUTE, VIEW, product, price, session)
        .click(t + 5 * MINUTE, VIEW, compared, catalog.prices[compared], session)
        .click(t + 6 * MINUTE, VIEW, product, price, session)
        .click(t + 8 * MINUTE, VIEW, product, price, session);
  }

  /** Sees a 30-180 product, sees it again 3 minutes later 10-25% cheaper, carts and buys it. */
  private Script priceWatcher(long t) {
    int product = pick(catalog.midPricedProducts);
    int compared = otherProductLike(product);
    long before = catalog.priceCents[product];
    long after = Math.max(1, before - Math.max(1, before * (10 + random.nextInt(16)) / 100));
    BigDecimal discounted = BigDecimal.valueOf(after, 2);
    String session = newSessionId();
    return new Script(newPersonaUser())
        .click(t, VIEW, product, catalog.prices[product], session)
        .click(t + 1 * MINUTE, VIEW, compared, catalog.prices[compared], session)
        .click(t + 3 * MINUTE, VIEW, product, discounted, session)
        .click(t + 4 * MINUTE, CART, product, discounted, session)
        .click(t + 6 * MINUTE, PURCHASE, product, discounted, session);
  }

  /** Views and carts 250.00+ products one a minute until the basket holds 1100.00, then buys all at once. */
  private Script bigSpender(long t) {
    String session = newSessionId();
    Script script = new Script(newPersonaUser());
    int[] basket = new int[8];
    int items = 0;
    long total = 0;
    while (total < 1100_00 && items < basket.length) {
      int product = pick(catalog.expensiveProducts);
      long at = t + items * MINUTE;
      script.click(at, VIEW, product, catalog.prices[product], session)
          .click(at + 20 * SECOND, CART, product, catalog.prices[product], session);
      basket[items++] = product;
      total += catalog.priceCents[product];
    }
    long checkout = t + items * MINUTE + 30 * SECOND;
    for (int i = 0; i < items; i++) {
      script.click(checkout, PURCHASE, basket[i], catalog.prices[basket[i]], session);
    }
    return script;
  }

  /** Twelve one-view visits 10 hours apart (all inside 7 days), never a purchase. */
  private Script churner(long t) {
    Script script = new Script(newPersonaUser());
    for (int visit = 0; visit < 12; visit++) {
      long at = t + visit * 10 * HOUR + (visit == 0 ? 0 : seconds(0, 1200));
      int product = catalog.productIn(ShopCatalog.skewedIndex(random, catalog.categoryCount), random);
      script.click(at, VIEW, product, catalog.prices[product], newSessionId());
    }
    return script;
  }

  // ---------------------------------------------------------------- flash-sale bursts

  /** {@code views} extra views spread evenly over one epoch-aligned minute, by a crowd of background users. */
  private static final class Burst extends Scene {
    final long minute;
    final int views;
    final int hotProduct;
    final int category;
    final String[] users;
    final String[] sessions;
    int next;

    Burst(long minute, int views, int hotProduct, int category, String[] users, String[] sessions) {
      this.minute = minute;
      this.views = views;
      this.hotProduct = hotProduct;
      this.category = category;
      this.users = users;
      this.sessions = sessions;
    }

    long timeOf(int view) {
      return minute + view * MINUTE / views;
    }
  }

  private void startBurst(long minute) {
    int category = pick(catalog.codedCategories);
    int hot = catalog.productIn(category, random);
    int crowd = Math.max(20, surgeViews / 3);
    String[] users = new String[crowd];
    String[] sessions = new String[crowd];
    for (int i = 0; i < crowd; i++) {
      users[i] = userIds[random.nextInt(userIds.length)];
      sessions[i] = newSessionId();
    }
    Burst burst = new Burst(minute, surgeViews, hot, category, users, sessions);
    add(burst, burst.timeOf(0));
  }

  private ClickEvent emit(Burst b) {
    int member = random.nextInt(b.users.length);
    int product = random.nextDouble() < 0.7 ? b.hotProduct : catalog.productIn(b.category, random);
    ClickEvent event = event(b.time, VIEW, product, catalog.prices[product], b.users[member], b.sessions[member]);
    b.next++;
    if (b.next < b.views) {
      b.time = b.timeOf(b.next);
    }
    return event;
  }
}
