package io.cartpulse.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.dashboard.feed.TopicFollower;
import io.cartpulse.dashboard.health.PipelineHealth;
import io.cartpulse.dashboard.http.DashboardHttp;
import io.cartpulse.dashboard.products.ProductApiClient;
import io.cartpulse.dashboard.view.AlertLog;
import io.cartpulse.dashboard.view.PvUvCurves;
import io.cartpulse.dashboard.view.RuleSettingsView;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: follows the pipeline's output topics ({@link TopicFollower}), samples its health
 * ({@link PipelineHealth}), asks the streams-app for product data ({@link ProductApiClient}) and
 * serves the page and its event stream ({@link DashboardHttp}). Runs on its own
 * ({@link DashboardApp}, the container) or inside {@code scripts/run-local}.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  static final long HEALTH_EVERY_MS = 2_000;

  private final DashboardConfig config;
  private final AlertLog alerts = new AlertLog();
  private final PvUvCurves curves = new PvUvCurves();
  private final RuleSettingsView settings;
  private final ProductApiClient products;
  private final ObjectMapper json = new ObjectMapper();
  private SchemaRegistryClient registry;
  private TopicFollower follower;
  private Admin admin;
  private ScheduledExecutorService sampler;
  private DashboardHttp http;
  private volatile PipelineHealth.Snapshot health;

  private Dashboard(DashboardConfig config) {
    this.config = config;
    this.settings = new RuleSettingsView(config.startupRules());
    this.products = new ProductApiClient(config.streamsUrl(), json);
  }

  /**
   * Starts reading and serving; fails with an {@link IOException} naming the address when it
   * cannot listen. Kafka or the registry being down is not a failure: the page shows it.
   */
  public static Dashboard start(DashboardConfig config) throws IOException {
    Dashboard dashboard = new Dashboard(config);
    try {
      dashboard.startAll();
      return dashboard;
    } catch (IOException | RuntimeException e) {
      dashboard.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    http = DashboardHttp.start(this, json, config.bindAddress(), config.port());
    registry = SchemaRegistryClients.create(config.registryClient());
    follower = new TopicFollower(config, registry, alerts, curves, settings).start();
    Map<String, Object> adminConfig = new HashMap<>(config.kafkaClient());
    adminConfig.keySet().retainAll(AdminClientConfig.configNames());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "cartpulse-dashboard-health");
    admin = Admin.create(adminConfig);
    PipelineHealth probe = new PipelineHealth(admin, config.topics(), config.streamsUrl());
    sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cartpulse-dashboard-health");
      thread.setDaemon(true);
      return thread;
    });
    sampler.scheduleWithFixedDelay(() -> health = probe.sample(), 0, HEALTH_EVERY_MS, TimeUnit.MILLISECONDS);
    LOG.info("Dashboard on {} (Kafka {}, streams-app {})", url(), config.bootstrapServers(),
        config.streamsUrl() == null ? "not configured" : config.streamsUrl());
  }

  /** Where the page is: {@code http://<bind address>:<port>/} (127.0.0.1 when bound to every interface). */
  public String url() {
    String host = config.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/";
  }

  public int port() {
    return http.port();
  }

  public AlertLog alerts() {
    return alerts;
  }

  public PvUvCurves curves() {
    return curves;
  }

  public RuleSettingsView settings() {
    return settings;
  }

  public ProductApiClient products() {
    return products;
  }

  /** The latest health sample, or null before the first. */
  public PipelineHealth.Snapshot health() {
    return health;
  }

  /** Whether rule-settings exists and is followed (before, the page shows the start-up values only). */
  public boolean followsRuleSettings() {
    return follower != null && follower.followed().contains(config.topics().ruleSettings());
  }

  /** The pipeline's event-time clock as the outputs show it (latest alert or PV/UV step), or -1. */
  public long clock() {
    return Math.max(alerts.latestEventTime(), curves.latestWindowEnd());
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    if (sampler != null) {
      sampler.shutdownNow();
    }
    if (follower != null) {
      try {
        follower.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(5));
    }
    if (registry != null) {
      registry.close();
    }
  }
}
