package io.cartpulse.flink.model;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.EventType;

/**
 * The part of a valid {@link ClickEvent} the Flink rules read, as a Flink POJO: a few fields and
 * no Avro, so shuffles and state stay small and cheap to (de)serialise.
 */
public class Click {
  /** Event time, epoch ms UTC. */
  public long time;
  public EventType type;
  public String userId;
  public String productId;
  /** Top-level category for PV/UV ("none" when the category code is missing). */
  public String topCategory;

  public Click() {}

  public Click(long time, EventType type, String userId, String productId, String topCategory) {
    this.time = time;
    this.type = type;
    this.userId = userId;
    this.productId = productId;
    this.topCategory = topCategory;
  }

  /** From a valid, normalised event (ClickValidator.invalidReason(event) == null). */
  public static Click of(ClickEvent event) {
    return new Click(event.getEventTime().toEpochMilli(), EventType.fromWireName(event.getEventType()),
        event.getUserId(), event.getProductId(), ClickValidator.topLevelCategory(event.getCategoryCode()));
  }

  public boolean isView() {
    return type == EventType.VIEW;
  }

  @Override
  public String toString() {
    return "Click{" + time + " " + type + " user=" + userId + " product=" + productId + " " + topCategory + "}";
  }
}
