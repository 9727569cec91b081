package io.cartpulse.streams.products;

import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The stored bytes of the product side keep their layout: what a release before this one wrote (with
 * {@link DataOutputStream}) reads back, and is written back byte for byte - so an upgrade, and a rollback,
 * read each other's stores and changelogs.
 */
class ProductCodecTest {

  @Test
  void aProductStateKeepsItsBytes() throws IOException {
    long day = ProductTime.day(T0);
    long minute = ProductTime.minute(T0);
    byte[] written = bytes(out -> {
      out.writeByte(2);
      out.writeBoolean(true);
      out.writeLong(T0);
      out.writeInt(7);
      out.writeInt(1);
      out.writeLong(day);
      counts(out, 3, 1, 1, 1_999);
      out.writeLong(2);
      out.writeInt(1);
      out.writeLong(minute);
      counts(out, 3, 1, 1, 1_999);
      out.writeInt(1);
      out.writeLong(day);
      out.writeInt(1);
      string(out, "partner-\u00e9");
      out.writeLong(4);
    });

    ProductState state = ProductCodec.state(written);

    assertThat(state.available()).isEqualTo(7);
    assertThat(state.scores(T0)).containsEntry("partner-\u00e9", 4L);
    assertThat(ProductCodec.state(state)).containsExactly(written);
  }

  @Test
  void aUsersSessionsKeepTheirBytes() throws IOException {
    byte[] written = bytes(out -> {
      out.writeByte(1);
      out.writeInt(1);
      string(out, "s1");
      out.writeInt(2);
      string(out, "a");
      out.writeLong(T0);
      string(out, "b");
      out.writeLong(T0 + 1);
    });

    UserSessions sessions = ProductCodec.sessions(written);

    assertThat(sessions.sessions().get("s1").products()).containsExactly("a", "b");
    assertThat(ProductCodec.sessions(sessions)).containsExactly(written);
  }

  @Test
  void truncatedBytesAreReportedAsUnreadable() {
    byte[] state = ProductCodec.state(new ProductState());
    byte[] truncated = Arrays.copyOf(state, state.length - 1);
    assertThatThrownBy(() -> ProductCodec.state(truncated)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product state: unreadable bytes");
  }

  private interface Writing {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writing writing) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writing.write(out);
    }
    return bytes.toByteArray();
  }

  private static void counts(DataOutputStream out, long views, long carts, long purchases, long revenueCents)
      throws IOException {
    out.writeLong(views);
    out.writeLong(carts);
    out.writeLong(purchases);
    out.writeLong(revenueCents);
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
