package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The hosted connect page in a real browser: headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs) driven by Selenium, at phone width: an API key typed into the form, and an OAuth connector
 * through a real OAuth server's sign-in form (mock-oauth2-server with interactive login). Selenium Manager never
 * runs: the binary and the driver are named. Each page is saved under target/screenshots/.
 */
class ConnectPageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir
  static Path connectors;
  private static MockProvider provider;
  private static TestConduit conduit;
  private ChromeDriver browser;
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    // a real OAuth server whose sign-in is a form the browser fills in
    provider = new MockProvider(true);
    // with GitHub's client there are ten connectors: the page shows its search box over eight
    conduit = provider.startConduit(connectors, Map.of("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "github-client",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "github-client-secret"));
  }

  @AfterAll
  static void stop() {
    conduit.close();
    provider.close();
  }

  @BeforeEach
  void openBrowser() {
    TestDatabase.truncateAll();
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("this test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver")
        .isTrue();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=375,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    // generous: a page load on a busy two-core machine
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anEndUserFindsStripeTypesAKeyAndTheOwnerVendsIt() {
    String canary = "sk_live_browser_canary_" + System.nanoTime();
    String page = session();

    browser.get(conduit.uri(page).toString());
    assertThat(browser.getTitle()).isEqualTo("Connect an account · Conduit");
    screenshot("1-connectors");

    WebElement search = browser.findElement(By.id("q"));
    search.sendKeys("stripe");
    search.submit();
    Wait.patiently().until(() -> browser.getCurrentUrl().contains("q=stripe"));
    assertThat(browser.findElements(By.cssSelector("a.connector"))).extracting(WebElement::getText)
        .singleElement().asString().contains("Stripe");
    screenshot("2-search");

    browser.findElement(By.id("connector-stripe")).click();
    Wait.patiently().until(() -> browser.getTitle().equals("Connect Stripe · Conduit"));
    screenshot("3-form");

    browser.findElement(By.id("apiKey")).sendKeys(canary);
    browser.findElement(By.cssSelector("form.credential button[type=submit]")).click();
    Wait.patiently().until(() -> browser.getTitle().equals("Connected · Conduit"));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Stripe (Ada) account is connected");
    assertThat(browser.getCurrentUrl()).doesNotContain(canary);
    assertThat(browser.getPageSource()).doesNotContain(canary);
    screenshot("4-connected");

    String id = conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data").getJsonObject(0)
        .getString("id");
    assertThat(conduit.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes").getString("apiKey"))
        .isEqualTo(canary);

    browser.get(conduit.uri(page).toString());
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has been used");
    screenshot("5-used");
  }

  @Test
  void anEndUserSignsInAtTheProviderAndComesBackConnected() {
    String page = session();
    browser.get(conduit.uri(page).toString());
    WebElement search = browser.findElement(By.id("q"));
    search.sendKeys("mock");
    search.submit();
    Wait.patiently().until(() -> browser.getCurrentUrl().contains("q=mock"));
    browser.findElement(By.id("connector-mockidp")).click();
    Wait.patiently().until(() -> browser.getTitle().equals("Connect Mock IdP · Conduit"));
    screenshot("7-oauth-button");

    browser.findElement(By.cssSelector("form.credential button[type=submit]")).click();
    Wait.patiently().until(() -> browser.getCurrentUrl().startsWith(provider.issuer() + "/authorize"));
    screenshot("8-provider-sign-in");
    browser.findElement(By.name("username")).sendKeys("ada@example.com");
    browser.findElement(By.cssSelector("input[type=submit]")).click();

    Wait.patiently().until(() -> browser.getTitle().equals("Connected · Conduit"));
    assertThat(browser.getCurrentUrl()).startsWith(conduit.uri("/oauth/callback").toString());
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Your Mock IdP account is connected");
    screenshot("9-oauth-connected");

    JsonObject connection = conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data")
        .getJsonObject(0);
    assertThat(connection.getJsonObject("attributes").getString("status")).isEqualTo("active");
    String accessToken = conduit.vend(alice, connection.getString("id")).json().getJsonObject("data")
        .getJsonObject("attributes").getString("accessToken");
    // the server's own token, issued to the user who signed in
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(claims.getString("sub")).isEqualTo("ada@example.com");
    assertThat(claims.getString("iss")).isEqualTo(provider.issuerUrl());
    assertThat(browser.getPageSource()).doesNotContain(accessToken);
  }

  @Test
  void theListWorksAtDesktopWidthToo() {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(conduit.uri(session()).toString());

    assertThat(browser.findElement(By.cssSelector("label[for=q]")).getText()).isEqualTo("Search services");
    screenshot("6-connectors-desktop");
  }

  private String session() {
    TestConduit.Response created = conduit.call("POST", "/api/connect-sessions", alice,
        new JsonObject().put("data", new JsonObject().put("type", "connect-sessions")
            .put("attributes", new JsonObject().put("label", "Ada"))).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return URI.create(created.json().getJsonObject("data").getJsonObject("attributes").getString("url")).getPath();
  }

  private void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
