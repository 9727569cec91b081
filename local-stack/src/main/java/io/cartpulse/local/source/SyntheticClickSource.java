package io.cartpulse.local.source;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.local.generator.SyntheticShop;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;

/** The synthetic shop as run-local's click source: endless (unless maxEvents is set), always valid. */
public final class SyntheticClickSource implements ClickSource {
  private final SyntheticShop shop;

  public SyntheticClickSource(ShopConfig config) {
    this.shop = new SyntheticShop(config);
  }

  @Override
  public SourcedClick next() {
    ClickEvent event = shop.next();
    return event == null ? null : new SourcedClick(event, -1, null);
  }

  @Override
  public String describe() {
    ShopConfig config = shop.config();
    return String.format("synthetic shop (seed %d, %d users, %d products, %d categories, event clock x%s from %s)",
        config.seed(), config.users(), config.products(), config.categories(), config.timeSpeed(),
        Rees46Csv.formatTime(config.startEpochMs()));
  }
}
