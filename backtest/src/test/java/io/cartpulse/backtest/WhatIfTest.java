package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.local.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/rules what-if FILE --events RECORDED.csv} (issue 16): the recorded events through both
 * engines without and with the proposed versions, and per alert type what the change adds and
 * removes, coupons' tiers and spend, with examples; a bad file is refused before anything runs.
 */
class WhatIfTest {
  private static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int whatIf(String... args) {
    return WhatIf.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private static ClickEvent event(String type, String user, String product, long time, String price) {
    return ClickEvent.newBuilder().setEventType(type).setUserId(user).setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time)).setPrice(new BigDecimal(price)).setCategoryId("2053013555631882655")
        .setCategoryCode("electronics.smartphone").setBrand("acme").setUserSession("s-" + user).build();
  }

  private Path recorded() throws Exception {
    List<String> lines = new ArrayList<>(List.of(Rees46Csv.HEADER));
    for (ClickEvent event : List.of(
        event("cart", "1", "10", T0, "250.00"), // abandons either way
        event("cart", "2", "10", T0, "150.00"), // abandons only under the lowered minimum
        event("purchase", "3", "11", T0 + MINUTE, "250.00"), // tier 200 before, tier 100 after
        event("view", "9", "19", T0 + 30 * MINUTE, "1.00"))) {
      lines.add(Rees46Csv.toLine(event));
    }
    Path csv = dir.resolve("recorded.csv");
    Files.write(csv, lines, StandardCharsets.UTF_8);
    return csv;
  }

  @Test
  void printsWhatTheProposedVersionsAddAndRemovePerTypeWithCouponTiersAndSpend() throws Exception {
    Path csv = recorded();
    Path proposed = dir.resolve("flash-sale.jsonl");
    Files.writeString(proposed, "{\"version\":1,\"effectiveFrom\":" + T0
        + ",\"settings\":{\"cart-abandonment.min-price\":\"100.00\",\"coupon.tiers\":\"100,300\"}}\n");

    assertThat(whatIf(proposed.toString(), "--events", csv.toString(), "--examples", "1"))
        .as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);

    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("2 alerts without the 1 version, 3 with them");
    assertThat(out).containsPattern("CART_ABANDONMENT +1 +2 +1 +0");
    assertThat(out).containsPattern("COUPON_ISSUED +1 +1 +1 +1");
    assertThat(out).containsPattern("CROSS_SELL +0 +0 +0 +0");
    assertThat(out).contains("coupons: {200=1} issued before, {100=1} after; spend covered 250.00 before, 250.00 after");
    assertThat(out).contains("added CART_ABANDONMENT at 2019-10-01T00:10:00Z: User 2 left product 10 (150.00)");
    assertThat(out).contains("removed COUPON_ISSUED at 2019-10-01T00:01:00Z", "reaching the 200 coupon tier");
    assertThat(out).contains("added COUPON_ISSUED at 2019-10-01T00:01:00Z", "reaching the 100 coupon tier");
  }

  @Test
  void aBadSettingsFileIsRefusedNamingItsLineBeforeAnythingRuns() throws Exception {
    Path csv = recorded();
    Path proposed = dir.resolve("bad.jsonl");
    Files.writeString(proposed, "{\"version\":1,\"effectiveFrom\":0,\"settings\":{}}\n"
        + "{\"version\":2,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"100,100\"}}\n");

    assertThat(whatIf(proposed.toString(), "--events", csv.toString())).isEqualTo(Cli.USAGE);

    assertThat(stderr.toString(StandardCharsets.UTF_8).split("\n")[0])
        .startsWith("rules what-if: " + proposed + ": line 2: coupon.tiers");
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void alertsAreComparedByTheirIds() {
    Alert kept = alert(AlertType.CART_ABANDONMENT, "1", null);
    Alert gone = alert(AlertType.COUPON_ISSUED, "3", "200");
    Alert fresh = alert(AlertType.COUPON_ISSUED, "3", "100");

    WhatIf.Difference difference = WhatIf.compare(List.of(kept, gone), List.of(alert(AlertType.CART_ABANDONMENT,
        "1", null), fresh));

    assertThat(difference.added()).containsOnlyKeys(AlertType.COUPON_ISSUED);
    assertThat(difference.added().get(AlertType.COUPON_ISSUED)).containsExactly(fresh);
    assertThat(difference.removed()).isEqualTo(Map.of(AlertType.COUPON_ISSUED, List.of(gone)));
  }

  private static Alert alert(AlertType type, String user, String tier) {
    return Alerts.create(type, user, "s", "p", T0, 0, Alerts.SOURCE_STREAMS, "m",
        tier == null ? Map.of() : Map.of("tier", tier, "spend", "250.00"), tier);
  }
}
