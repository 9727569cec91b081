package io.cartpulse.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures from src/test/resources, copied to a file so the mains can read them as paths. */
final class Fixtures {
  /**
   * 86 REES46 rows on 2019-10-01 00:00-00:40 crafted for one alert of each streams-app rule
   * (CROSS_SELL, CART_ABANDONMENT, PURCHASE_INTENT, PRICE_SENSITIVITY, two COUPON_ISSUED tiers), a
   * TRAFFIC_SURGE (50 views in minute 00:30 after 30 quiet minutes) and PV/UV curves, plus 5 invalid
   * rows (lines 17-21). Every user that could land on any of the 4 clickstream partitions ends with
   * a view at 00:40:00 (T_end), so each partition's clock reaches T_end live too.
   */
  static final String REPLAY_SMALL = "fixtures/replay-small.csv";
  static final int REPLAY_SMALL_ROWS = 86;
  static final int REPLAY_SMALL_INVALID = 5;

  private Fixtures() {}

  static Path copy(String resource, Path dir) throws IOException {
    Path file = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("test resource " + resource + " is missing");
      }
      Files.copy(in, file);
    }
    return file;
  }
}
