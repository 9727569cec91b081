package io.cartpulse.streams.products;

import static io.cartpulse.streams.StreamsTestHarness.T0;
import static io.cartpulse.streams.StreamsTestHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.click.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The updates a click sends to the product side, and their bytes on the repartition topic. */
class ProductUpdatesTest {
  private static final RelatedSettings SETTINGS = RelatedSettings.DEFAULTS;

  @Test
  void aClickCarriesItsOwnFormationsAndEachPartnerGetsOne() {
    UserSessions sessions = new UserSessions();
    sessions.updates(event("view", "u1", "a", T0, "1.00", null, "s1"), SETTINGS);
    sessions.updates(event("view", "u1", "b", T0 + 1, "1.00", null, "s1"), SETTINGS);

    List<ProductUpdate> updates = sessions.updates(event("cart", "u1", "q", T0 + 2, "2.50", null, "s1"), SETTINGS);

    assertThat(updates).containsExactly(
        new ProductUpdate.Click("q", EventType.CART, T0 + 2, 250, "u1", List.of("a", "b")),
        new ProductUpdate.Formation("a", "q", T0 + 2),
        new ProductUpdate.Formation("b", "q", T0 + 2));
    ProductState q = new ProductState();
    assertThat(updates.get(0).applyTo(q)).isTrue();
    assertThat(q.scores(T0 + 2)).containsOnly(java.util.Map.entry("a", 1L), java.util.Map.entry("b", 1L));
  }

  @Test
  void aRemoveFromCartThatFormsPairsStillChangesTheProduct() {
    ProductState state = new ProductState();
    ProductUpdate remove = new ProductUpdate.Click("q", EventType.REMOVE_FROM_CART, T0, 0, "u1", List.of("a"));
    assertThat(remove.applyTo(state)).isTrue();
    assertThat(new ProductUpdate.Click("q", EventType.REMOVE_FROM_CART, T0, 0, "u1").applyTo(state)).isFalse();
  }

  @Test
  void updatesSurviveTheirBytes() {
    for (ProductUpdate update : List.of(
        new ProductUpdate.Click("q", EventType.VIEW, T0, 1_999, "u1"),
        new ProductUpdate.Click("q", EventType.PURCHASE, T0, 1_999, "u1", List.of("a", "\u00e9b")),
        new ProductUpdate.Formation("a", "q", T0),
        new ProductUpdate.Level("q", T0, 7))) {
      assertThat(ProductCodec.update(ProductCodec.update(update))).isEqualTo(update);
    }
  }

  @Test
  void aClickWithoutPartnersKeepsTheBytesOfTheReleaseBefore() {
    // version 1, kind CLICK, "q", VIEW, time, cents, "u1": what instances of the previous release read
    java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(1 + 1 + 4 + 1 + 1 + 8 + 8 + 4 + 2);
    expected.put((byte) 1).put((byte) 1).putInt(1).put((byte) 'q').put((byte) EventType.VIEW.code()).putLong(T0)
        .putLong(1_999).putInt(2).put((byte) 'u').put((byte) '1');
    assertThat(ProductCodec.update(new ProductUpdate.Click("q", EventType.VIEW, T0, 1_999, "u1")))
        .containsExactly(expected.array());
  }
}
