package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium): it logs in, sees the stream ffmpeg publishes through an RTMPT tunnel appear with its
 * codecs and bitrate while another ffmpeg plays it over native RTMP, disconnects the publisher and
 * sees the stream vanish, all through the WebSocket's pushes. In a container without WebSocket
 * support the console polls the API instead, and the operator drains the node and resumes it.
 * Screenshots go to {@code target/screenshots/} ({@code console.png} is the one the README shows).
 *
 * <p>{@code -Dconsole.chart-seconds=N} waits N seconds of chart samples before the screenshot
 * (default 16) for a fuller picture.
 */
class AdminConsoleBrowserTest {
  private static final Path LOGS = Path.of("target", "interop", "AdminConsoleBrowserTest");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private AdminWebapp webapp;
  private ExternalProcess publisher;
  private ExternalProcess player;
  private WebDriver driver;
  private ChromeDriverService service;
  private Path profile;

  @BeforeEach
  void start() {
    requireBrowser();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
      if (service != null) {
        service.stop();
      }
      if (profile != null) {
        try (var files = Files.walk(profile)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } finally {
      if (player != null) {
        player.close();
      }
      if (publisher != null) {
        publisher.close();
      }
      if (webapp != null) {
        webapp.close();
      }
    }
  }

  /** Skips (or fails with -Dinterop.required=true) without Debian's chromium and its driver. */
  private static void requireBrowser() {
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))
        && Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
      return;
    }
    String message =
        "chromium or chromedriver not found in /usr/bin: apt install chromium "
            + "chromium-driver to run the console browser test";
    if (Boolean.getBoolean("interop.required")) {
      Assertions.fail(message + " (interop.required=true)");
    }
    Assumptions.abort(message);
  }

  private WebDriver chromium() throws Exception {
    profile = Files.createTempDirectory(Files.createDirectories(LOGS), "chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withLogFile(LOGS.resolve("chromedriver.log").toFile())
            .build();
    return new ChromeDriver(service, options);
  }

  /** The text of a cell of a row, looked up afresh. */
  private static String cell(WebDriver driver, By row, String cellClass) {
    return driver.findElement(row).findElement(By.cssSelector(cellClass)).getText();
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void operatorSeesAPublishedStreamDisconnectsItsPublisherAndSeesItVanish() throws Exception {
    webapp =
        AdminWebapp.start(
            Map.of(
                "rtmpt.rtmp-port",
                String.valueOf(Ports.freePort()),
                "rtmpt.rtmp-host",
                "127.0.0.1"));
    publisher =
        ExternalProcess.start(
            "publisher", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", "test"), 0));
    Await.until(
        "ffmpeg publishes live/test; " + publisher.tail(),
        WAIT,
        () ->
            webapp.engine().streams().snapshots().stream()
                .anyMatch(s -> s.name().equals("test") && s.publishing() && s.frames() > 0));
    player =
        ExternalProcess.start(
            "player",
            LOGS,
            Ffmpeg.decode(
                "rtmp://" + webapp.service().snapshot().overview().rtmpListener() + "/live/test",
                600));

    driver = chromium();
    // log in as a person does at the browser's Basic prompt: the credentials go into the
    // browser's cache for the realm and every request of the page (the WebSocket's handshake
    // too) carries them. (Answering the prompt through DevTools' Fetch interception instead
    // leaves the page without a known address space, and Chromium's local network access
    // checks then block its WebSocket to 127.0.0.1.)
    logIn();
    // the page replaces table cells on every update: look elements up afresh inside waits
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    try {
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "no live updates; browser log: " + driver.manage().logs().get(LogType.BROWSER).getAll(),
          e);
    }

    By streamRow = By.cssSelector("tr[data-stream-id='live/test']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(streamRow));
    wait.until(d -> cell(d, streamRow, ".codec-audio").equals("aac"));
    assertEquals("h264", wait.until(d -> cell(d, streamRow, ".codec-video")));
    String rowText = wait.until(d -> d.findElement(streamRow).getText());
    assertTrue(rowText.contains(Ffmpeg.WIDTH + "×" + Ffmpeg.HEIGHT), rowText);
    wait.until(d -> cell(d, streamRow, ".bitrate").matches("[0-9.]+ (kbit/s|Mbit/s)"));
    wait.until(d -> d.findElements(By.cssSelector("tr[data-transport='rtmp']")).size() == 1);
    wait.until(d -> !d.findElement(By.id("bitrate-in")).getText().equals("0 bit/s"));
    assertEquals(2, driver.findElements(By.cssSelector(".uplot canvas")).size(), "two charts");
    wait.until(d -> d.findElements(By.cssSelector("#config tbody tr")).size() > 20);

    long chartSeconds = Long.getLong("console.chart-seconds", 16);
    Await.until(
        "chart samples",
        Duration.ofSeconds(chartSeconds + 30),
        () ->
            webapp.service().history().size() * AdminService.SAMPLE_PERIOD.toSeconds()
                >= chartSeconds);
    screenshot("console.png");

    // the player leaves first: a stream with a waiting player would stay listed without publisher
    player.stop(Duration.ofSeconds(3));
    wait.until(d -> d.findElements(By.cssSelector("tr[data-transport='rtmp']")).isEmpty());
    wait.until(d -> cell(d, streamRow, ".players").equals("0"));

    String sessionId = driver.findElement(streamRow).getDomAttribute("data-publisher-session");
    assertTrue(
        sessionId != null && sessionId.startsWith("t-"),
        "published through a tunnel: " + sessionId);
    By sessionRow = By.cssSelector("tr[data-session-id='" + sessionId + "']");
    String sessionText = wait.until(d -> d.findElement(sessionRow).getText());
    assertTrue(sessionText.contains("live/test"), sessionText);
    driver
        .findElement(sessionRow)
        .findElement(By.cssSelector("button[data-action='disconnect']"))
        .click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    wait.until(ExpectedConditions.invisibilityOfElementLocated(streamRow));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(sessionRow));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Done"));
    screenshot("console-after-disconnect.png");
    assertTrue(webapp.registry().session(sessionId.substring(2)).isEmpty());
    Await.until("ffmpeg notices the disconnect and exits", WAIT, () -> !publisher.isAlive());

    assertNoBrowserErrors();
  }

  @Test
  void withoutWebSocketSupportTheConsolePollsAndTheOperatorDrainsAndResumesTheNode()
      throws Exception {
    webapp = AdminWebapp.startWithoutWebSocket(Map.of("rtmpt.drain-grace-ms", "600000"));
    assertFalse(webapp.service().snapshot().overview().liveUpdates(), "no WebSocket endpoint");
    driver = chromium();
    logIn();
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "polling"));
    assertTrue(
        driver.findElement(By.id("live")).getText().contains("no WebSocket support"),
        driver.findElement(By.id("live")).getText());
    assertEquals("ready", driver.findElement(By.id("node-state")).getText().toLowerCase());

    // data that arrives after the page loaded shows up: the page polls
    publisher =
        ExternalProcess.start(
            "publisher-polled", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", "polled"), 0));
    By streamRow = By.cssSelector("tr[data-stream-id='live/polled']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(streamRow));
    wait.until(d -> cell(d, streamRow, ".codec-video").equals("h264"));

    driver.findElement(By.id("drain")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("drain-banner")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("drain-text"), "Draining"));
    assertEquals("draining", driver.findElement(By.id("node-state")).getText().toLowerCase());
    assertEquals(503, readyz());
    assertTrue(publisher.isAlive(), "the running tunnel goes on");
    screenshot("console-draining.png");

    driver.findElement(By.id("resume")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("drain-banner")));
    wait.until(d -> d.findElement(By.id("node-state")).getText().equalsIgnoreCase("ready"));
    assertEquals(200, readyz());
    assertNoBrowserErrors();
  }

  private void logIn() {
    driver.get(
        "http://"
            + AdminWebapp.USER
            + ":"
            + AdminWebapp.PASSWORD
            + "@127.0.0.1:"
            + webapp.port()
            + "/admin/");
  }

  private int readyz() throws Exception {
    return AdminWebapp.client()
        .send(
            java.net.http.HttpRequest.newBuilder(webapp.uri("/readyz")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void assertNoBrowserErrors() {
    List<LogEntry> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .collect(Collectors.toList());
    assertFalse(
        errors.stream().anyMatch(e -> e.getMessage().contains("Content Security Policy")),
        "no CSP violations: " + errors);
    assertEquals(
        List.of(),
        errors.stream().map(LogEntry::getMessage).collect(Collectors.toList()),
        "no errors in the browser console");
  }
}
