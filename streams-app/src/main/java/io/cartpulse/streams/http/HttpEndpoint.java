package io.cartpulse.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server for the streams-app's operational routes (health, readiness, metrics) and
 * whatever else is registered with {@link #route} (the product queries).
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} (module {@code jdk.httpserver}, a supported,
 * exported API in every JDK and JRE): the routes are few, answer small GETs at scrape and probe
 * rates, and the streams-app shares its classpath with Flink and the embedded broker in run-local
 * and the benchmarks, where a second HTTP stack (Jetty, Netty, Kotlin for Javalin) would be one
 * more set of versions to keep aligned. Two worker threads, so a slow scrape never holds up a probe.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final int WORKERS = 2;

  private final HttpServer server;
  private final ExecutorService workers;

  private HttpEndpoint(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /** Listens on {@code bindAddress:port} (0 = any free port); unknown paths answer 404. */
  public static HttpEndpoint start(String bindAddress, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS, task -> {
      Thread thread = new Thread(task, "streams-app-http-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    HttpEndpoint endpoint = new HttpEndpoint(server, workers);
    endpoint.route("/", request -> Response.text(404, "no route " + request.path()));
    server.start();
    return endpoint;
  }

  /**
   * Answers GET and HEAD on {@code path} with {@code route}: exactly that path, or, when it ends
   * with '/', every path below it ({@link Request#pathBelow}). Other methods get 405. A path can
   * be registered once.
   */
  public void route(String path, Route route) {
    boolean prefix = path.endsWith("/");
    server.createContext(path, exchange -> {
      try {
        String method = exchange.getRequestMethod();
        Request request = Request.of(method, exchange.getRequestURI());
        Response response;
        if (!method.equals("GET") && !method.equals("HEAD")) {
          response = Response.text(405, method + " is not supported here").withHeader("Allow", "GET, HEAD");
        } else if (!prefix && !request.path().equals(path)) {
          response = Response.text(404, "no route " + request.path());
        } else {
          response = answer(route, request);
        }
        send(exchange, response, method.equals("HEAD"));
      } catch (IOException e) {
        // The client went away mid-answer: nothing to tell it.
        LOG.debug("HTTP {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
      } finally {
        exchange.close();
      }
    });
  }

  private static Response answer(Route route, Request request) {
    try {
      return route.handle(request);
    } catch (Exception | LinkageError e) {
      LOG.error("HTTP GET {} failed", request.path(), e);
      return Response.text(500, "internal error: " + e.getClass().getSimpleName() + " (see the log)");
    }
  }

  private static void send(HttpExchange exchange, Response response, boolean headOnly) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      exchange.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    if (headOnly) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening (answers in flight get a second to finish). */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
  }
}
