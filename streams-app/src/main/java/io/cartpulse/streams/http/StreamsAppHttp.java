package io.cartpulse.streams.http;

import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams-app's HTTP endpoint on {@code http.bind-address} and
 * {@code http.port} (by default the port of {@code application.server}):
 * {@code /health/live}, {@code /health/ready} ({@link StreamsHealth}) and {@code /metrics}
 * (Prometheus text format, {@link StreamsAppMetrics}). Started before the KafkaStreams instance
 * exists, so that readiness answers 503 during the start; {@link #attach} connects it. More routes
 * go through {@link #endpoint()}.
 */
public final class StreamsAppHttp implements AutoCloseable {
  public static final String METRICS = "/metrics";
  /** What {@code PrometheusMeterRegistry.scrape()} writes: the Prometheus text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpEndpoint endpoint;
  private final StreamsAppMetrics metrics;
  private volatile KafkaStreams streams;

  private StreamsAppHttp(HttpEndpoint endpoint, StreamsAppMetrics metrics) {
    this.endpoint = endpoint;
    this.metrics = metrics;
  }

  /**
   * Listens and serves health and metrics; takes ownership of {@code metrics} (closed with this).
   *
   * @throws IOException when the address cannot be bound (port in use, unknown address)
   */
  public static StreamsAppHttp start(StreamsAppConfig.HttpSettings settings, StreamsAppMetrics metrics)
      throws IOException {
    HttpEndpoint endpoint;
    try {
      endpoint = HttpEndpoint.start(settings.bindAddress(), settings.port());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port() + " ("
          + StreamsAppConfig.HTTP_BIND_ADDRESS + ", " + StreamsAppConfig.HTTP_PORT + "): " + e, e);
    }
    StreamsAppHttp http = new StreamsAppHttp(endpoint, metrics);
    StreamsHealth.register(endpoint, () -> http.streams == null ? null : http.streams.state());
    endpoint.route(METRICS, request -> Response.of(200, PROMETHEUS_TEXT,
        metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    return http;
  }

  /** Health now follows {@code streams}, and its metrics join {@code /metrics}. */
  public void attach(KafkaStreams streams) {
    metrics.bind(streams);
    this.streams = streams;
  }

  /** The metrics {@code /metrics} serves (the topology records into them). */
  public StreamsAppMetrics metrics() {
    return metrics;
  }

  public HttpEndpoint endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
    metrics.close();
  }
}
