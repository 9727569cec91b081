package io.cartpulse.streams.rules;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.EventType;
import io.cartpulse.click.Money;

/**
 * A valid, normalized click as the rules see it: the event type resolved, time in epoch ms,
 * price in exact cents, empty optional strings already null.
 */
public record Click(EventType type, long time, String userId, String productId, String categoryCode,
    String session, long priceCents) {

  /** From an event that passed {@link io.cartpulse.click.ClickValidator} and was normalized. */
  public static Click of(ClickEvent event) {
    return new Click(EventType.fromWireName(event.getEventType()), event.getEventTime().toEpochMilli(),
        event.getUserId(), event.getProductId(), event.getCategoryCode(), event.getUserSession(),
        Money.toCents(event.getPrice()));
  }
}
