package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticInventoryTest {
  private static final long T = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();

  private static ClickEvent click(long time, String type, String product) {
    return ClickEvent.newBuilder().setEventTime(Instant.ofEpochMilli(time)).setEventType(type).setUserId("u")
        .setProductId(product).setPrice(new BigDecimal("1.00")).setUserSession("s").build();
  }

  @Test
  void stockSellsDownSellsOutAndRestocks() {
    SyntheticInventory inventory = new SyntheticInventory();
    List<InventoryLevel> levels = new ArrayList<>(inventory.observe(click(T, "view", "p1")));
    long first = levels.get(0).getAvailable();
    assertThat(first).isBetween(5L, 24L);
    for (int i = 1; i <= first; i++) {
      levels.addAll(inventory.observe(click(T + i * 1000L, "purchase", "p1")));
    }
    assertThat(levels.get(levels.size() - 1).getAvailable()).as("sold out").isZero();
    assertThat(inventory.observe(click(T + first * 1000L + 1000, "purchase", "p1"))).as("nothing left to sell").isEmpty();
    List<InventoryLevel> later = inventory.observe(click(T + SyntheticInventory.RESTOCK_AFTER_MS + first * 1000L, "view", "p2"));
    assertThat(later).extracting(InventoryLevel::getProductId, InventoryLevel::getAvailable).contains(
        org.assertj.core.groups.Tuple.tuple("p1", first));
    assertThat(inventory.observe(click(T, "view", "p10"))).as("ids ending in 0 have no inventory").isEmpty();
  }

  @Test
  void theShopsFlashSalesSellProductsOut() {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults());
    SyntheticInventory inventory = new SyntheticInventory();
    Map<String, Long> latest = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      for (InventoryLevel level : inventory.observe(shop.next())) {
        latest.put(level.getProductId(), level.getAvailable());
      }
    }
    assertThat(inventory.flashSales()).isPositive();
    assertThat(inventory.soldOut()).isGreaterThanOrEqualTo(inventory.flashSales());
    assertThat(latest.keySet()).isNotEmpty().noneMatch(id -> id.endsWith("0"));
  }
}
