package io.cartpulse.streams.http;

import static io.cartpulse.streams.http.HttpGet.get;
import static io.cartpulse.streams.http.HttpGet.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route contract the health, metrics and product-query routes rely on. */
class HttpEndpointTest {
  private HttpEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    endpoint = HttpEndpoint.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void anExactRouteAnswersItsPathOnlyAndUnknownPathsAre404() throws Exception {
    endpoint.route("/ping", request -> Response.text(200, "pong " + request.query().get("n")));

    HttpResponse<String> ping = get(endpoint.port(), "/ping?n=a%20b");
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("pong a b\n");
    assertThat(ping.headers().firstValue("Content-Type")).hasValue(Response.TEXT);
    assertThat(get(endpoint.port(), "/pingpong").statusCode()).isEqualTo(404);
    assertThat(get(endpoint.port(), "/ping/more").statusCode()).isEqualTo(404);
    assertThat(get(endpoint.port(), "/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void aPrefixRouteAnswersEverythingBelowIt() throws Exception {
    endpoint.route("/products/", request -> Response.of(200, Response.JSON,
        ("{\"id\":\"" + request.pathBelow("/products/") + "\"}").getBytes(StandardCharsets.UTF_8)));

    HttpResponse<String> product = get(endpoint.port(), "/products/42");
    assertThat(product.body()).isEqualTo("{\"id\":\"42\"}");
    assertThat(product.headers().firstValue("Content-Type")).hasValue(Response.JSON);
  }

  @Test
  void unavailableIs503WithRetryAfterInWholeSecondsRoundedUp() throws Exception {
    endpoint.route("/slow", request -> Response.unavailable(Duration.ofMillis(2100), "restoring"));

    HttpResponse<String> slow = get(endpoint.port(), "/slow");
    assertThat(slow.statusCode()).isEqualTo(503);
    assertThat(slow.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(slow.body()).isEqualTo("restoring\n");
    assertThat(Response.unavailable(Duration.ZERO, "x").headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void onlyGetAndHeadAreAnswered() throws Exception {
    endpoint.route("/ping", request -> Response.text(200, "pong"));

    HttpResponse<String> post = send(endpoint.port(), "/ping", "POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head = send(endpoint.port(), "/ping", "HEAD");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aFailingRouteIs500AndTheServerGoesOn() throws Exception {
    endpoint.route("/broken", request -> {
      throw new IllegalStateException("boom");
    });
    endpoint.route("/ping", request -> Response.text(200, "pong"));

    HttpResponse<String> broken = get(endpoint.port(), "/broken");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).contains("IllegalStateException");
    assertThat(get(endpoint.port(), "/ping").statusCode()).isEqualTo(200);
  }

  @Test
  void aPortInUseFailsTheStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> HttpEndpoint.start("127.0.0.1", taken.getLocalPort())).isInstanceOf(IOException.class);
    }
  }
}
