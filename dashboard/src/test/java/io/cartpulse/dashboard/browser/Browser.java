package io.cartpulse.dashboard.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}; .ci/run
 * installs them) driven through {@code /usr/bin/chromedriver}, never a downloaded browser or
 * driver. Started the way this machine's network needs (no background networking, no component
 * updates, no sync) with a fresh profile under {@code target/}, at 1280x800. Collects the page's
 * console errors and saves screenshots under {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of(System.getProperty("cartpulse.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("cartpulse.chromedriver", "/usr/bin/chromedriver"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final List<String> consoleErrors = new ArrayList<>();

  private Browser(ChromeDriver driver, ChromeDriverService service) {
    this.driver = driver;
    this.service = service;
  }

  /** Starts Chromium; fails with one line saying what to install when it is missing. */
  public static Browser start(Path profileParent) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver ("
          + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
    }
    Files.createDirectories(profileParent);
    Path profile = Files.createTempDirectory(profileParent.toAbsolutePath(), "chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--window-size=1280,800",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    // --window-size is the outer window: make the page itself 1280x800, the size the page is made for.
    long chrome = (Long) driver.executeScript("return window.outerHeight - window.innerHeight;");
    driver.manage().window().setSize(new Dimension(1280, 800 + (int) chrome));
    return new Browser(driver, service);
  }

  public WebDriver driver() {
    return driver;
  }

  /**
   * Opens {@code url} in a fresh page: the previous page is left first and what its console said
   * (e.g. its event stream cut off when an earlier test stopped its server) is dropped.
   */
  public void open(String url) {
    driver.get("about:blank");
    driver.manage().logs().get(LogType.BROWSER);
    consoleErrors.clear();
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until {@code condition} holds, polling; fails with {@code what} after {@code timeout}. */
  public void await(String what, Duration timeout, BooleanSupplier condition) {
    new FluentWait<>(driver).withTimeout(timeout).pollingEvery(Duration.ofMillis(250))
        .withMessage(what).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  /**
   * Clicks the element {@code css} finds, finding it again when the page replaced it in between
   * (lists the page re-renders, such as the top products every few seconds).
   */
  public void click(String css) {
    clickFound(css, element -> Boolean.TRUE);
  }

  /**
   * Clicks the element {@code css} finds and returns its {@code attribute}, read from that very
   * element: when the page replaces it between the read and the click, the click fails as stale and
   * both are done again, so the answer always names what was clicked (a row of a re-rendered list).
   */
  public String clickAndRead(String css, String attribute) {
    return clickFound(css, element -> element.getAttribute(attribute));
  }

  private <T> T clickFound(String css, Function<WebElement, T> readBeforeClick) {
    return new FluentWait<>(driver).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
        .withMessage("clicking " + css).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          WebElement element = d.findElement(By.cssSelector(css));
          T value = readBeforeClick.apply(element);
          element.click();
          return value;
        });
  }

  /** Every console message of level SEVERE so far (errors, failed loads, uncaught exceptions). */
  public List<String> consoleErrors() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        consoleErrors.add(entry.getMessage());
      }
    }
    return List.copyOf(consoleErrors);
  }

  /** Saves a screenshot of the page as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
