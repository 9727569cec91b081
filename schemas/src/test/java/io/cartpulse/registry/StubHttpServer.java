package io.cartpulse.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/** A scripted HTTP(S) server on 127.0.0.1 that records every request it gets. */
final class StubHttpServer implements AutoCloseable {

  record Request(String method, String rawPath, String authorization, String contentType, String body) {}

  record Response(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "stub-registry");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Response> script;

  private StubHttpServer(HttpServer server, Function<Request, Response> script) {
    this.server = server;
    this.script = script;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static StubHttpServer http(Function<Request, Response> script) throws IOException {
    return new StubHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), script);
  }

  /** HTTPS with {@code context}'s identity; {@code needClientAuth} asks the client for a certificate. */
  static StubHttpServer https(SSLContext context, boolean needClientAuth, Function<Request, Response> script)
      throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        params.setNeedClientAuth(needClientAuth);
      }
    });
    return new StubHttpServer(server, script);
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Response response = script.apply(request);
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
