package io.cartpulse.dashboard.products;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cartpulse.dashboard.browser.StubProductApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProductApiClientTest {
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;
  private final AtomicReference<String> lastQuery = new AtomicReference<>();

  /** A server answering every request with this status, content type and body. */
  private String serve(int status, String type, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      lastQuery.set(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void theTopProductsAreTheListOfProductLinesBareOrUnderProducts() throws IOException {
    String line = StubProductApi.line("p 1", 10, 1, "5.00", null, "[]");
    ProductApiClient.Answer bare = new ProductApiClient(serve(200, "application/json", "[" + line + "]"), json)
        .top("revenue", "lastHour", 5);
    assertThat(bare.status()).isEqualTo(ProductApiClient.Status.OK);
    assertThat(bare.body().get(0).get("productId").asText()).isEqualTo("p 1");
    assertThat(lastQuery.get()).isEqualTo("/products/top?by=revenue&window=lastHour&limit=5");
    stop();

    ProductApiClient.Answer wrapped = new ProductApiClient(serve(200, "application/json; charset=utf-8",
        "{\"products\":[" + line + "]}"), json).top("views", "today", 1);
    assertThat(wrapped.body().size()).isEqualTo(1);
  }

  @Test
  void aProductIdIsEncodedInThePathAndAnUnknownOneIsTheApisJson404() throws IOException {
    ProductApiClient client = new ProductApiClient(serve(404, "application/json",
        "{\"error\":\"unknown product a/b c\"}"), json);

    ProductApiClient.Answer answer = client.product("a/b c");
    assertThat(answer.status()).isEqualTo(ProductApiClient.Status.UNKNOWN_PRODUCT);
    assertThat(answer.reason()).isEqualTo("unknown product a/b c");
    assertThat(lastQuery.get()).startsWith("/products/a%2Fb%20c?");
  }

  @Test
  void aStreamsAppWithoutTheProductRoutesMeansNotAvailable() throws IOException {
    ProductApiClient client = new ProductApiClient(serve(404, "text/plain; charset=utf-8", "no route /products/top"),
        json);

    assertThat(client.top("views", "today", 10)).satisfies(a -> {
      assertThat(a.status()).isEqualTo(ProductApiClient.Status.NOT_AVAILABLE);
      assertThat(a.reason()).contains("has no product API");
    });
    assertThat(client.product("p-1").status()).isEqualTo(ProductApiClient.Status.NOT_AVAILABLE);
  }

  @Test
  void aRebalancingStreamsAppMeansRetryLater() throws IOException {
    ProductApiClient.Answer answer = new ProductApiClient(serve(503, "application/json",
        "{\"error\":\"REBALANCING\"}"), json).product("p-1");

    assertThat(answer.status()).isEqualTo(ProductApiClient.Status.RETRY_LATER);
    assertThat(answer.reason()).contains("REBALANCING");
  }

  @Test
  void noUrlOrNothingListeningMeansNotAvailable() throws IOException {
    assertThat(new ProductApiClient(null, json).top("views", "today", 3).reason()).contains("dashboard.streams-url");
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    ProductApiClient.Answer answer = new ProductApiClient("http://127.0.0.1:" + freePort, json).product("p-1");
    assertThat(answer.status()).isEqualTo(ProductApiClient.Status.NOT_AVAILABLE);
    assertThat(answer.reason()).contains("does not answer");
  }
}
