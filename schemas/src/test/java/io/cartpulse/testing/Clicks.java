package io.cartpulse.testing;

import io.cartpulse.avro.ClickEvent;
import java.math.BigDecimal;
import java.time.Instant;

/** Hand-made click events for tests. */
public final class Clicks {
  /** 2019-10-01T00:00:00Z, the first instant of the REES46 sample. */
  public static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();

  private Clicks() {}

  /** A valid click priced 12.50 in session {@code s-<user>}: for rules that read no price or session. */
  public static ClickEvent click(long time, String type, String user, String product, String categoryCode) {
    return ClickEvent.newBuilder()
        .setEventTime(Instant.ofEpochMilli(time))
        .setEventType(type)
        .setUserId(user)
        .setProductId(product)
        .setCategoryId("2053013555631882655")
        .setCategoryCode(categoryCode)
        .setBrand(null)
        .setPrice(new BigDecimal("12.50"))
        .setUserSession("s-" + user)
        .build();
  }

  /** A click with every field a rule of section 3 reads ({@code price} as written, e.g. "250.00"). */
  public static ClickEvent event(String type, String user, String product, long time, String price, String category,
      String session) {
    return ClickEvent.newBuilder()
        .setEventType(type)
        .setUserId(user)
        .setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time))
        .setPrice(new BigDecimal(price))
        .setCategoryCode(category)
        .setUserSession(session)
        .build();
  }
}
