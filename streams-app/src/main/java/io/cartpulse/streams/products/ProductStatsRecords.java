package io.cartpulse.streams.products;

import io.cartpulse.avro.DayStats;
import io.cartpulse.avro.HourStats;
import io.cartpulse.avro.ProductStats;
import io.cartpulse.avro.RelatedProduct;
import io.cartpulse.click.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link ProductView} as the Avro {@code ProductStats} of the product-stats topic, and back. */
public final class ProductStatsRecords {
  private ProductStatsRecords() {}

  public static ProductStats toAvro(ProductView view) {
    List<RelatedProduct> related = new ArrayList<>(view.related().size());
    for (ProductView.Related entry : view.related()) {
      related.add(new RelatedProduct(entry.productId(), entry.score(), entry.available()));
    }
    ProductView.Counts today = view.today();
    ProductView.Counts hour = view.lastHour();
    return ProductStats.newBuilder()
        .setProductId(view.productId())
        .setAsOf(Instant.ofEpochMilli(view.asOf()))
        .setToday(new DayStats(today.views(), today.carts(), today.purchases(), Money.fromCents(today.revenueCents()),
            view.todayViewers()))
        .setLastHour(new HourStats(hour.views(), hour.carts(), hour.purchases(), Money.fromCents(hour.revenueCents())))
        .setAvailable(view.available())
        .setRelated(related)
        .build();
  }

  public static List<RelatedProduct> related(ProductView view) {
    return toAvro(view).getRelated();
  }

  public static ProductView fromAvro(ProductStats stats) {
    List<ProductView.Related> related = new ArrayList<>();
    for (RelatedProduct entry : stats.getRelated()) {
      related.add(new ProductView.Related(entry.getProductId(), entry.getScore(), entry.getAvailable()));
    }
    DayStats today = stats.getToday();
    HourStats hour = stats.getLastHour();
    return new ProductView(stats.getProductId(), stats.getAsOf().toEpochMilli(),
        new ProductView.Counts(today.getViews(), today.getCarts(), today.getPurchases(),
            Money.toCents(today.getRevenue())),
        today.getViewers(),
        new ProductView.Counts(hour.getViews(), hour.getCarts(), hour.getPurchases(), Money.toCents(hour.getRevenue())),
        stats.getAvailable(), List.copyOf(related));
  }
}
