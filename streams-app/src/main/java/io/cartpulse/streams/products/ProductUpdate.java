package io.cartpulse.streams.products;

import io.cartpulse.click.EventType;

/**
 * What changes one product's state (ALERTS.md section 7), keyed by that product: one of its clicks,
 * one formation of a pair it is part of, one of its inventory levels. The live app sends clicks and
 * formations from the user-keyed side to the product-keyed side as these; the backtest applies them
 * directly. Either way {@link #applyTo} is the only place they change a {@link ProductState}.
 */
public sealed interface ProductUpdate {
  /** The product whose state changes. */
  String productId();

  /** The event time the update happened at. */
  long time();

  /** Applies the update; returns whether the product's data changed. */
  boolean applyTo(ProductState state);

  /**
   * A valid click of the product, with the products it formed a pair with in its session at this click
   * (each one formation for this product; the partners get theirs as {@link Formation}s). One record
   * instead of one per formation: a view in a full session memory forms up to session-entries - 1 pairs.
   */
  record Click(String productId, EventType type, long time, long priceCents, String userId, java.util.List<String> partners)
      implements ProductUpdate {
    public Click {
      partners = java.util.List.copyOf(partners);
    }

    /** A click that formed no pair. */
    public Click(String productId, EventType type, long time, long priceCents, String userId) {
      this(productId, type, time, priceCents, userId, java.util.List.of());
    }

    @Override
    public boolean applyTo(ProductState state) {
      boolean changed = state.addClick(type, time, priceCents, userId);
      for (String partner : partners) {
        state.addFormation(partner, time);
      }
      return changed || !partners.isEmpty();
    }
  }

  /** One formation of the pair {productId, partner} at {@code time}. */
  record Formation(String productId, String partner, long time) implements ProductUpdate {
    @Override
    public boolean applyTo(ProductState state) {
      state.addFormation(partner, time);
      return true;
    }
  }

  /** A valid inventory level of the product. */
  record Level(String productId, long time, int available) implements ProductUpdate {
    @Override
    public boolean applyTo(ProductState state) {
      return state.addLevel(time, available);
    }
  }
}
