package io.cartpulse.streams.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.contract.CodePointOrder;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.HttpEndpoint;
import io.cartpulse.streams.http.Request;
import io.cartpulse.streams.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The product API of ALERTS.md section 7 on the streams-app's HTTP endpoint, answered by every
 * instance for any product:
 * <ul>
 *   <li>{@code GET /products/{id}[?asOf=ms]}: the product's JSON line as of {@code asOf} (default: the
 *   clock of the task that owns it; below that clock: 400), from this instance's stores when it owns
 *   the product, else from the owner found in Kafka Streams' metadata ({@code application.server}).
 *   Unknown product: 404 with a JSON error. The asOf used is in the {@code X-CartPulse-As-Of} header.</li>
 *   <li>{@code GET /products/top?by=views|carts|purchases|revenue&window=today|lastHour&limit=N}: every
 *   instance's products (each as of its task's clock) with a non-zero value, largest first, ties by
 *   productId in code point order; a JSON array of product lines.</li>
 * </ul>
 * While the instance is not RUNNING (starting, rebalancing, restoring) or the owner cannot be
 * reached: 503 with Retry-After, never a wrong answer.
 */
public final class ProductQueries {
  public static final String PREFIX = "/products/";
  public static final String AS_OF_HEADER = "X-CartPulse-As-Of";
  /** Marks an instance-to-instance request: answered locally or refused, never forwarded again. */
  static final String LOCAL_PARAM = "local";
  public static final int MAX_LIMIT = 1000;
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> BY = List.of("views", "carts", "purchases", "revenue");
  private static final List<String> WINDOWS = List.of("today", "lastHour");

  private final KafkaStreams streams;
  private final RelatedSettings settings;
  private final HostInfo self;
  private final String repartitionTopic;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

  ProductQueries(KafkaStreams streams, StreamsAppConfig config) {
    this.streams = streams;
    this.settings = RelatedSettings.of(config);
    String server = config.kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    this.self = server == null || server.isBlank() ? null : HostInfo.buildFromEndpoint(server);
    this.repartitionTopic = config.applicationId() + "-" + ProductTopology.REPARTITION_NAME + "-repartition";
  }

  /** Serves the product routes on {@code endpoint} from {@code streams}. */
  public static void register(HttpEndpoint endpoint, KafkaStreams streams, StreamsAppConfig config) {
    ProductQueries queries = new ProductQueries(streams, config);
    endpoint.route(PREFIX, queries::handle);
  }

  Response handle(Request request) {
    String id = request.pathBelow(PREFIX);
    if (id.isEmpty()) {
      return error(404, "no product id: GET /products/{id} or /products/top");
    }
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Response.unavailable(RETRY_AFTER, "product data not available while the streams-app is " + streams.state());
    }
    try {
      return id.equals("top") ? top(request) : product(id, request);
    } catch (InvalidStateStoreException e) {
      return Response.unavailable(RETRY_AFTER, "product data not available (rebalancing or restoring): " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One product

  private Response product(String id, Request request) {
    Long asOf = null;
    if (request.query().containsKey("asOf")) {
      String text = request.query().get("asOf");
      if (!text.matches("-?[0-9]{1,18}")) {
        return error(400, "asOf must be epoch milliseconds, got '" + text + "'");
      }
      asOf = Long.parseLong(text);
    }
    int partition;
    if (self == null) {
      // No application.server: a single instance, every partition is here; find the one holding the product.
      partition = -1;
      for (int local : localPartitions()) {
        if (this.<String, byte[]>localStore(ProductStatsProcessor.STATE_STORE, local).get(id) != null) {
          partition = local;
        }
      }
      if (partition < 0) {
        return error(404, "unknown product " + id);
      }
    } else {
      KeyQueryMetadata owner = streams.queryMetadataForKey(ProductStatsProcessor.STATE_STORE, id,
          Serdes.String().serializer());
      if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
        return Response.unavailable(RETRY_AFTER, "the owner of product " + id + " is not known yet (rebalancing)");
      }
      if (!self.equals(owner.activeHost())) {
        if (request.query().containsKey(LOCAL_PARAM)) {
          return Response.unavailable(RETRY_AFTER, "product " + id + " moved to another instance (rebalancing)");
        }
        return forward(owner.activeHost(), PREFIX + encode(id), queryString(request.query()));
      }
      partition = owner.partition();
    }
    ReadOnlyKeyValueStore<String, byte[]> states = localStore(ProductStatsProcessor.STATE_STORE, partition);
    ReadOnlyKeyValueStore<String, Long> clocks = localStore(ProductStatsProcessor.CLOCK_STORE, partition);
    Long clock = clocks.get(ProductStatsProcessor.CLOCK_KEY);
    byte[] stored = states.get(id);
    if (stored == null) {
      return error(404, "unknown product " + id);
    }
    long effective = asOf != null ? asOf : clock == null ? Long.MIN_VALUE : clock;
    if (clock != null && effective < clock) {
      return error(400, "asOf " + effective + " is before the clock of the product's task (" + clock
          + "): only the present and the future can be answered");
    }
    ProductView view = ProductCodec.state(stored).view(id, effective, settings, stock());
    return json(200, ProductJson.toNode(view)).withHeader(AS_OF_HEADER, String.valueOf(effective));
  }

  // ---------------------------------------------------------------------------------------------
  // Top products

  private Response top(Request request) {
    String by = request.query().getOrDefault("by", "views");
    String window = request.query().getOrDefault("window", "today");
    String limitText = request.query().getOrDefault("limit", "10");
    if (!BY.contains(by)) {
      return error(400, "by must be one of " + String.join(", ", BY) + ", got '" + by + "'");
    }
    if (!WINDOWS.contains(window)) {
      return error(400, "window must be one of " + String.join(", ", WINDOWS) + ", got '" + window + "'");
    }
    if (!limitText.matches("[0-9]{1,4}") || Integer.parseInt(limitText) < 1 || Integer.parseInt(limitText) > MAX_LIMIT) {
      return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limitText + "'");
    }
    int limit = Integer.parseInt(limitText);
    ToLongFunction<ProductView> metric = metric(by, window);
    List<ObjectNode> lines = new ArrayList<>();
    for (ProductView view : localTop(metric, limit)) {
      lines.add(ProductJson.toNode(view));
    }
    if (self != null && !request.query().containsKey(LOCAL_PARAM)) {
      for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
        if (instance.hostInfo().equals(self)) {
          continue;
        }
        Response answer = forward(instance.hostInfo(), PREFIX + "top",
            queryString(Map.of("by", by, "window", window, "limit", String.valueOf(limit), LOCAL_PARAM, "true")));
        if (answer.status() != 200) {
          return answer;
        }
        try {
          for (JsonNode node : ProductJson.JSON.readTree(answer.body())) {
            lines.add((ObjectNode) node);
          }
        } catch (IOException e) {
          return Response.unavailable(RETRY_AFTER, "instance " + instance.hostInfo() + " answered no product list");
        }
      }
    }
    Comparator<ObjectNode> order = Comparator.<ObjectNode>comparingLong(node -> jsonMetric(node, by, window))
        .reversed().thenComparing(node -> node.get("productId").asText(), CodePointOrder.COMPARATOR);
    lines.sort(order);
    ArrayNode array = ProductJson.JSON.createArrayNode();
    lines.stream().limit(limit).forEach(array::add);
    return json(200, array);
  }

  /** This instance's best {@code limit} products by {@code metric}, each as of its task's clock. */
  private List<ProductView> localTop(ToLongFunction<ProductView> metric, int limit) {
    List<ProductView> views = new ArrayList<>();
    java.util.function.Function<String, Integer> stock = stock();
    for (int partition : localPartitions()) {
      Long clock = this.<String, Long>localStore(ProductStatsProcessor.CLOCK_STORE, partition)
          .get(ProductStatsProcessor.CLOCK_KEY);
      if (clock == null) {
        continue;
      }
      ReadOnlyKeyValueStore<String, byte[]> states = localStore(ProductStatsProcessor.STATE_STORE, partition);
      try (KeyValueIterator<String, byte[]> all = states.all()) {
        while (all.hasNext()) {
          KeyValue<String, byte[]> entry = all.next();
          ProductView view = ProductCodec.state(entry.value).view(entry.key, clock, settings, stock);
          if (metric.applyAsLong(view) > 0) {
            views.add(view);
          }
        }
      }
    }
    views.sort(Comparator.<ProductView>comparingLong(metric).reversed()
        .thenComparing(ProductView::productId, CodePointOrder.COMPARATOR));
    return views.subList(0, Math.min(limit, views.size()));
  }

  /** The partitions of the product side this instance's threads own (active tasks). */
  private Set<Integer> localPartitions() {
    Set<Integer> partitions = new LinkedHashSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      thread.activeTasks().forEach(task -> {
        for (TopicPartition partition : task.topicPartitions()) {
          if (partition.topic().equals(repartitionTopic)) {
            partitions.add(partition.partition());
          }
        }
      });
    }
    return partitions;
  }

  private static ToLongFunction<ProductView> metric(String by, String window) {
    return view -> {
      ProductView.Counts counts = window.equals("today") ? view.today() : view.lastHour();
      return switch (by) {
        case "views" -> counts.views();
        case "carts" -> counts.carts();
        case "purchases" -> counts.purchases();
        default -> counts.revenueCents();
      };
    };
  }

  private static long jsonMetric(ObjectNode node, String by, String window) {
    JsonNode value = node.path(window).path(by);
    if (by.equals("revenue")) {
      return io.cartpulse.click.Money.toCents(new java.math.BigDecimal(value.asText("0")));
    }
    return value.asLong();
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  private <K, V> ReadOnlyKeyValueStore<K, V> localStore(String name, int partition) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
        .withPartition(partition));
  }

  private java.util.function.Function<String, Integer> stock() {
    ReadOnlyKeyValueStore<String, byte[]> global = streams.store(
        StoreQueryParameters.fromNameAndType(ProductStatsProcessor.STOCK_STORE, QueryableStoreTypes.keyValueStore()));
    return id -> {
      byte[] value = global.get(id);
      return value == null ? null : ProductCodec.stockUnits(value);
    };
  }

  private Response forward(HostInfo host, String path, String query) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + query);
    try {
      HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT)
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      Response response = Response.of(answer.statusCode(),
          answer.headers().firstValue("Content-Type").orElse(Response.TEXT), answer.body());
      for (String header : List.of(AS_OF_HEADER, "Retry-After")) {
        var value = answer.headers().firstValue(header);
        if (value.isPresent()) {
          response = response.withHeader(header, value.get());
        }
      }
      return response;
    } catch (IOException e) {
      return Response.unavailable(RETRY_AFTER, "the instance " + host + " that owns it cannot be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.unavailable(RETRY_AFTER, "interrupted");
    }
  }

  /** The query to pass on: the caller's, marked as instance-to-instance. */
  private static String queryString(Map<String, String> query) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : query.entrySet()) {
      text.append(text.length() == 0 ? "?" : "&").append(encode(entry.getKey())).append('=')
          .append(encode(entry.getValue()));
    }
    if (!query.containsKey(LOCAL_PARAM)) {
      text.append(text.length() == 0 ? "?" : "&").append(LOCAL_PARAM).append("=true");
    }
    return text.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Response json(int status, JsonNode body) {
    return Response.of(status, Response.JSON + "; charset=utf-8", (body.toString() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Response error(int status, String message) {
    ObjectNode body = ProductJson.JSON.createObjectNode();
    body.put("error", message);
    return json(status, body);
  }
}
