package io.cartpulse.local.generator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic shop's products and categories, drawn once from the seed. Shaped like the REES46
 * October 2019 data: dotted category codes (some categories have none), 19-digit category ids,
 * 7-8 digit product ids, brands per top-level category (some products have none), prices with two
 * decimals spread log-uniformly over a range that fits the category.
 *
 * <p>Everything an event needs is precomputed here (id strings, {@link BigDecimal} prices), so
 * that emitting an event allocates the event and its {@code Instant}, nothing else.
 */
final class ShopCatalog {

  /** A coded category: its REES46-style dotted code, a price range in whole currency units, brands. */
  private record CategorySpec(String code, int minPrice, int maxPrice, String[] brands) {}

  private static final String[] ELECTRONICS = {"samsung", "apple", "xiaomi", "huawei", "sony", "lg", "jbl", "oppo", "honor"};
  private static final String[] APPLIANCES = {"bosch", "samsung", "lg", "indesit", "beko", "philips", "tefal", "redmond", "electrolux"};
  private static final String[] COMPUTERS = {"lenovo", "hp", "asus", "acer", "apple", "dell", "msi", "logitech", "kingston"};
  private static final String[] APPAREL = {"nike", "adidas", "puma", "reebok", "ecco", "rieker", "levis", "tommy"};
  private static final String[] FURNITURE = {"ikea", "askona", "stolline", "brw", "kamelia", "mebelson"};
  private static final String[] KIDS = {"lego", "hasbro", "mattel", "chicco", "maxi-cosi", "happy-baby"};
  private static final String[] AUTO = {"pioneer", "kenwood", "neoline", "playme", "xiaomi"};
  private static final String[] CONSTRUCTION = {"bosch", "makita", "dewalt", "grohe", "hansgrohe", "metabo"};
  private static final String[] SPORT = {"stern", "forward", "torneo", "bradex", "nordway"};
  private static final String[] ACCESSORIES = {"samsonite", "tommy", "guess", "fabretti"};
  private static final String[] OTHER = {"shiseido", "lucente", "elari", "kiko", "estel", "vitek", "sokolov", "maybelline", "polaris"};

  /** Coded categories in the order they are handed out: category i < CODED.length gets CODED[i]. */
  private static final CategorySpec[] CODED = {
      new CategorySpec("electronics.smartphone", 80, 1300, ELECTRONICS),
      new CategorySpec("appliances.kitchen.washer", 180, 900, APPLIANCES),
      new CategorySpec("apparel.shoes", 15, 250, APPAREL),
      new CategorySpec("computers.notebook", 250, 2500, COMPUTERS),
      new CategorySpec("furniture.living_room.sofa", 150, 1500, FURNITURE),
      new CategorySpec("electronics.audio.headphone", 10, 350, ELECTRONICS),
      new CategorySpec("electronics.video.tv", 150, 2000, ELECTRONICS),
      new CategorySpec("appliances.kitchen.refrigerators", 250, 1800, APPLIANCES),
      new CategorySpec("kids.toys", 5, 150, KIDS),
      new CategorySpec("electronics.clocks", 20, 600, ELECTRONICS),
      new CategorySpec("appliances.environment.vacuum", 40, 700, APPLIANCES),
      new CategorySpec("computers.desktop", 300, 2200, COMPUTERS),
      new CategorySpec("apparel.jeans", 20, 150, APPAREL),
      new CategorySpec("furniture.bedroom.bed", 120, 1400, FURNITURE),
      new CategorySpec("electronics.tablet", 90, 1100, ELECTRONICS),
      new CategorySpec("appliances.kitchen.microwave", 50, 400, APPLIANCES),
      new CategorySpec("auto.accessories.player", 30, 400, AUTO),
      new CategorySpec("construction.tools.drill", 30, 450, CONSTRUCTION),
      new CategorySpec("sport.bicycle", 120, 1500, SPORT),
      new CategorySpec("accessories.bag", 10, 300, ACCESSORIES),
      new CategorySpec("appliances.environment.water_heater", 60, 600, APPLIANCES),
      new CategorySpec("computers.peripherals.printer", 60, 700, COMPUTERS),
      new CategorySpec("apparel.shoes.keds", 15, 180, APPAREL),
      new CategorySpec("furniture.living_room.chair", 30, 500, FURNITURE),
      new CategorySpec("electronics.audio.subwoofer", 60, 900, ELECTRONICS),
      new CategorySpec("appliances.kitchen.kettle", 10, 150, APPLIANCES),
      new CategorySpec("computers.components.videocards", 150, 1800, COMPUTERS),
      new CategorySpec("kids.carriage", 80, 900, KIDS),
      new CategorySpec("electronics.camera.photo", 150, 2500, ELECTRONICS),
      new CategorySpec("appliances.environment.air_conditioner", 250, 1500, APPLIANCES),
      new CategorySpec("apparel.shirt", 10, 120, APPAREL),
      new CategorySpec("furniture.kitchen.table", 50, 800, FURNITURE),
      new CategorySpec("auto.accessories.videoregister", 30, 350, AUTO),
      new CategorySpec("construction.components.faucet", 20, 400, CONSTRUCTION),
      new CategorySpec("appliances.iron", 15, 200, APPLIANCES),
      new CategorySpec("computers.peripherals.mouse", 5, 150, COMPUTERS),
      new CategorySpec("sport.trainer", 80, 1200, SPORT),
      new CategorySpec("apparel.shoes.sandals", 10, 120, APPAREL),
      new CategorySpec("appliances.personal.hair_cutter", 10, 200, APPLIANCES),
      new CategorySpec("furniture.bathroom.bath", 100, 1200, FURNITURE),
      new CategorySpec("kids.skates", 20, 200, KIDS),
      new CategorySpec("computers.components.memory", 20, 400, COMPUTERS),
      new CategorySpec("construction.tools.saw", 40, 600, CONSTRUCTION),
      new CategorySpec("accessories.wallet", 10, 200, ACCESSORIES),
      new CategorySpec("apparel.trousers", 15, 150, APPAREL),
      new CategorySpec("appliances.kitchen.blender", 20, 300, APPLIANCES),
      new CategorySpec("electronics.audio.acoustic", 40, 1500, ELECTRONICS),
      new CategorySpec("country_yard.lawn_mower", 100, 1200, CONSTRUCTION),
      new CategorySpec("medicine.tools.tonometer", 20, 150, OTHER),
      new CategorySpec("stationery.cartrige", 10, 120, COMPUTERS),
      new CategorySpec("apparel.costume", 20, 300, APPAREL),
      new CategorySpec("furniture.universal.light", 10, 300, FURNITURE),
      new CategorySpec("electronics.telephone", 10, 150, ELECTRONICS),
      new CategorySpec("appliances.sewing_machine", 80, 900, APPLIANCES),
      new CategorySpec("construction.tools.welding", 60, 700, CONSTRUCTION),
      new CategorySpec("kids.dolls", 5, 120, KIDS),
      new CategorySpec("sport.ski", 100, 900, SPORT),
      new CategorySpec("auto.accessories.compressor", 20, 200, AUTO),
      new CategorySpec("computers.peripherals.monitor", 90, 1200, COMPUTERS),
      new CategorySpec("apparel.underwear", 5, 80, APPAREL),
      new CategorySpec("appliances.kitchen.oven", 150, 1200, APPLIANCES),
      new CategorySpec("furniture.living_room.cabinet", 60, 900, FURNITURE),
  };

  /** A price this high or more makes a product "expensive": a cart of it is above 200.00 with margin. */
  static final long EXPENSIVE_CENTS = 250_00;

  final int categoryCount;
  final String[] categoryIds;
  /** The dotted code, or null for categories without one (REES46 has many such rows). */
  final String[] categoryCodes;
  final int[][] productsByCategory;
  /** Categories with a code and at least one product (cross-sellers hop between two of them). */
  final int[] codedCategories;

  final int productCount;
  final String[] productIds;
  final int[] productCategory;
  final String[] productBrand;
  final long[] priceCents;
  final BigDecimal[] prices;
  /** Products priced at {@link #EXPENSIVE_CENTS} or more. Never empty. */
  final int[] expensiveProducts;
  /** Products priced 30.00 to 180.00 (price watchers, kept apart from the 200.00 thresholds). Never empty. */
  final int[] midPricedProducts;

  static int codedCategoryLimit() {
    return CODED.length;
  }

  ShopCatalog(int categories, int products, SplittableRandom random) {
    this.categoryCount = categories;
    this.categoryIds = new String[categories];
    this.categoryCodes = new String[categories];
    long categoryIdBase = 2_053_013_552_000_000_000L;
    for (int c = 0; c < categories; c++) {
      categoryIds[c] = Long.toString(categoryIdBase + c * 7_919_000L + random.nextLong(7_919_000L));
      categoryCodes[c] = c < CODED.length ? CODED[c].code() : null;
    }

    this.productCount = products;
    this.productIds = new String[products];
    this.productCategory = new int[products];
    this.productBrand = new String[products];
    this.priceCents = new long[products];
    this.prices = new BigDecimal[products];
    int[] perCategory = new int[categories];
    for (int p = 0; p < products; p++) {
      // Every category gets one product first; then categories are skewed (low indices popular).
      int c = p < categories ? p : skewedIndex(random, categories);
      productCategory[p] = c;
      perCategory[c]++;
      productIds[p] = Integer.toString(1_000_000 + p * 97 + random.nextInt(97));
      CategorySpec spec = c < CODED.length ? CODED[c] : null;
      String[] brands = spec == null ? OTHER : spec.brands();
      double missingBrand = spec == null ? 0.30 : 0.12;
      productBrand[p] = random.nextDouble() < missingBrand ? null : brands[random.nextInt(brands.length)];
      int min = spec == null ? 1 : spec.minPrice();
      int max = spec == null ? 300 : spec.maxPrice();
      priceCents[p] = logUniformCents(random, min, max);
    }
    ensureSomeExpensive();
    for (int p = 0; p < products; p++) {
      prices[p] = BigDecimal.valueOf(priceCents[p], 2);
    }

    this.productsByCategory = new int[categories][];
    for (int c = 0; c < categories; c++) {
      productsByCategory[c] = new int[perCategory[c]];
    }
    int[] filled = new int[categories];
    for (int p = 0; p < products; p++) {
      int c = productCategory[p];
      productsByCategory[c][filled[c]++] = p;
    }

    List<Integer> coded = new ArrayList<>();
    for (int c = 0; c < categories; c++) {
      if (categoryCodes[c] != null) {
        coded.add(c);
      }
    }
    this.codedCategories = coded.stream().mapToInt(Integer::intValue).toArray();
    this.expensiveProducts = select(p -> priceCents[p] >= EXPENSIVE_CENTS);
    int[] mid = select(p -> priceCents[p] >= 30_00 && priceCents[p] <= 180_00);
    if (mid.length == 0) {
      mid = select(p -> priceCents[p] < EXPENSIVE_CENTS);
    }
    this.midPricedProducts = mid.length > 0 ? mid : select(p -> true);
    this.bargainProducts = select(p -> priceCents[p] > BARGAIN_FLOOR_CENTS && priceCents[p] <= 200_00);
  }

  /** A small catalog may draw no expensive product: then its first few become ones. */
  private void ensureSomeExpensive() {
    int expensive = 0;
    for (long cents : priceCents) {
      if (cents >= EXPENSIVE_CENTS) {
        expensive++;
      }
    }
    for (int p = 0; expensive < 2 && p < productCount; p++) {
      if (priceCents[p] < EXPENSIVE_CENTS) {
        priceCents[p] = EXPENSIVE_CENTS + 49_99 * (p + 1);
        expensive++;
      }
    }
  }

  private interface ProductFilter {
    boolean test(int product);
  }

  /** Products over 120.00 and up to 200.00: carts of them abandon only under a lowered threshold. */
  static final long BARGAIN_FLOOR_CENTS = 120_00;
  final int[] bargainProducts;

  private int[] select(ProductFilter filter) {
    int[] out = new int[productCount];
    int n = 0;
    for (int p = 0; p < productCount; p++) {
      if (filter.test(p)) {
        out[n++] = p;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Whole cents, log-uniform in [min, max]: many cheap items, a long tail of expensive ones. */
  private static long logUniformCents(SplittableRandom random, int min, int max) {
    double low = Math.log(min);
    double high = Math.log(max);
    double value = Math.exp(low + random.nextDouble() * (high - low));
    return Math.max(1_00, Math.round(value * 100));
  }

  /** An index in [0, n), skewed towards 0 (popular items first), cheap enough for every event. */
  static int skewedIndex(SplittableRandom random, int n) {
    double u = random.nextDouble();
    int index = (int) (u * u * n);
    return index < n ? index : n - 1;
  }

  String code(int product) {
    return categoryCodes[productCategory[product]];
  }

  int category(int product) {
    return productCategory[product];
  }

  /** A product of category {@code c}, popular ones more often. */
  int productIn(int c, SplittableRandom random) {
    int[] candidates = productsByCategory[c];
    return candidates[skewedIndex(random, candidates.length)];
  }
}
