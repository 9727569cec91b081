package io.cartpulse.registry;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** One realistic record of each wire type, for serde and registry tests. */
public final class SampleRecords {
  private SampleRecords() {}

  public static ClickEvent click() {
    return ClickEvent.newBuilder()
        .setEventTime(Instant.parse("2019-10-01T00:00:04Z"))
        .setEventType("view")
        .setProductId("1004237")
        .setCategoryId("2053013555631882655")
        .setCategoryCode("electronics.smartphone")
        .setBrand("apple")
        .setPrice(new BigDecimal("1081.98"))
        .setUserId("535871217")
        .setUserSession("c6bd7419-2748-4c56-95b4-8cec9ff8b80d")
        .build();
  }

  public static Alert alert() {
    return Alert.newBuilder()
        .setAlertId("6f1c1b0e-8d7c-3a55-9d0f-3f7b5d1f0a11")
        .setType(AlertType.COUPON_ISSUED)
        .setUserId("535871217")
        .setUserSession("c6bd7419-2748-4c56-95b4-8cec9ff8b80d")
        .setProductId("1004237")
        .setEventTime(Instant.parse("2019-10-01T10:15:00Z"))
        .setDetectedAt(Instant.parse("2026-01-01T00:00:00.123Z"))
        .setSource("streams-app")
        .setMessage("User 535871217 spent 612.40 today and earned the 500 coupon.")
        .setAttributes(Map.of("tier", "500", "spend", "612.40"))
        .build();
  }

  public static PvUvPoint pvUvPoint() {
    return PvUvPoint.newBuilder()
        .setDay("2019-10-01")
        .setWindowEnd(Instant.parse("2019-10-01T00:01:00Z"))
        .setDimension("electronics")
        .setPv(42)
        .setUv(17)
        .build();
  }
}
