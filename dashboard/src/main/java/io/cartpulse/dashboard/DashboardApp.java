package io.cartpulse.dashboard;

import io.cartpulse.settings.InvalidSettingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -cp ... io.cartpulse.dashboard.DashboardApp [config.properties]}: the dashboard on
 * its own (the container). Configuration: the file (or {@value #CONFIG_FILE_ENV}), then
 * {@code CARTPULSE_*} variables ({@link DashboardConfig}). Runs until SIGTERM or Ctrl-C. Exit codes:
 * 0 stopped, 1 could not start, 2 bad configuration.
 */
public final class DashboardApp {
  public static final String CONFIG_FILE_ENV = "CARTPULSE_CONFIG_FILE";
  static final String LOG_CONFIG = "log4j2-dashboard.xml";

  private DashboardApp() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    Logger log = LoggerFactory.getLogger(DashboardApp.class);
    Map<String, String> env = System.getenv();
    DashboardConfig config;
    try {
      config = DashboardConfig.load(readConfigFile(args, env), env);
    } catch (InvalidSettingException | IOException e) {
      System.err.println("dashboard: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("Dashboard configuration: {}", config.describe());
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(config);
    } catch (IOException | RuntimeException e) {
      System.err.println("dashboard: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.close();
      stopped.countDown();
    }, "dashboard-stop"));
    System.out.println("dashboard: " + dashboard.url());
    stopped.await();
  }

  static Properties readConfigFile(String[] args, Map<String, String> env) throws IOException {
    Properties file = new Properties();
    String path = args.length > 0 ? args[0] : env.get(CONFIG_FILE_ENV);
    if (path != null && !path.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (IOException e) {
        throw new IOException(path + ": cannot read the configuration file (" + e.getMessage() + ")", e);
      }
    }
    return file;
  }
}
