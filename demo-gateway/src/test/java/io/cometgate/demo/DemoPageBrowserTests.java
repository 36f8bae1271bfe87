package io.cometgate.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page at {@code /}, driven in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) as a
 * person uses it: sign in at the development issuer's own login form (authorization code flow with PKCE), get a token,
 * a fresh one, spend the per-user limit until the 429 countdown shows, log out (the emulator counts the revocation),
 * log in to CometChat through the SDK after the token was revoked behind the page's back (the
 * {@code AUTH_ERR_AUTH_TOKEN_NOT_FOUND} recovery, both ways), and erase the user.
 * <p>
 * Without Chromium and its driver the tests are skipped, and say so: they never pass without a browser. Each test
 * signs in as its own user, so that per-user limits do not leak between them. The screenshot the README shows,
 * {@code docs/demo-page.png}, is written by {@link #burstWhenLimitSpentThenCountdownAndLogoutRevokes()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0" })
class DemoPageBrowserTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path SCREENSHOT = Paths.get("..", "docs", "demo-page.png");

    private static Path driverExecutable;

    @LocalServerPort
    private int port;

    // The embedded issuer and emulator, over HTTP (shared with the demo's other browser and CORS tests).
    private EmbeddedDemoServices services;

    @Autowired
    void embeddedServices(Environment environment) {
        this.services = new EmbeddedDemoServices(environment);
    }

    private ChromeDriver browser;

    @BeforeAll
    static void startChromeDriver() {
        Path chromium = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
        if (chromium == null || driver == null) {
            String message = "SKIPPED: the demo page's browser test needs Chromium and chromedriver (Debian: apt-get "
                    + "install chromium chromium-driver; .ci/run installs them). Found chromium=" + chromium
                    + ", chromedriver=" + driver + ".";
            System.err.println(message);
            Assumptions.abort(message);
        }
        System.setProperty("cometgate.test.chromium", chromium.toString());
        driverExecutable = driver;
    }

    @BeforeEach
    void openBrowser() {
        this.browser = HeadlessChromium.open(Path.of(System.getProperty("cometgate.test.chromium")), driverExecutable);
    }

    @AfterEach
    void closeBrowser() {
        HeadlessChromium.close(this.browser);
    }

    @Test
    void pageWhenServedThenStrictContentSecurityPolicyAndNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "https:");
        assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
        HttpResponse<String> client = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway() + "/page/vendor/cometgate/index.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.body()).contains("export async function loginToCometChat");
    }

    @Test
    void burstWhenLimitSpentThenCountdownAndLogoutRevokes() throws Exception {
        signIn("pat");

        click("get-token");
        String first = waitForToken();
        assertThat(text("uid")).isEqualTo("pat");
        assertThat(text("limit")).contains("left").contains("of 10 per 1 min");
        assertThat(first).doesNotContain(fullTokenOf("pat")).matches("pat_\\d+…[0-9a-f]{6}");

        click("fresh-token");
        String fresh = waitForTokenOtherThan(first);
        assertThat(fresh).isNotEqualTo(first);

        long revocations = this.services.restCalls("DELETE_AUTH_TOKEN");
        click("logout");
        waitForStatus("Log out: logged out");
        assertThat(this.services.restCalls("DELETE_AUTH_TOKEN")).isEqualTo(revocations + 1);
        // The fresh token is revoked; the first one was never the cached token any more, and stays.
        assertThat(this.services.emulatorTokens("pat")).singleElement().satisfies((left) -> assertThat(mask(left)).isEqualTo(first));

        click("get-token");
        waitForTokenOtherThan("–");
        for (int i = 0; i < 12 && this.browser.findElement(By.id("countdown")).getAttribute("hidden") != null; i++) {
            clickAndWaitForTheAnswer("get-token");
        }
        WebElement countdown = this.browser.findElement(By.id("countdown"));
        assertThat(countdown.isDisplayed()).isTrue();
        assertThat(countdown.getText()).matches("Retry allowed in \\d+ s");
        assertThat(text("status")).contains("RATE_LIMITED").contains("wait for the countdown");
        assertThat(this.browser.findElement(By.id("get-token")).isEnabled()).isFalse();
        assertThat(text("limit")).startsWith("0 left");
        saveScreenshot();
    }

    @Test
    void chatLoginWhenTheTokenWasRevokedByAnotherDeviceThenLogsInWithTheRoutesCurrentToken() throws Exception {
        requireSdk();
        signIn("sam");
        click("get-token");
        waitForToken();
        // Another device of sam logs out: the token this page holds is revoked, and the route's cache is emptied.
        delete("/cometchat-token", this.services.jwtFor("sam"));
        JsonNode before = this.services.sdkCounters();

        click("chat-login");

        waitForText("chat-status", "logged in as sam");
        assertThat(text("chat-status")).contains("logged in with the route's current token");
        JsonNode after = this.services.sdkCounters();
        assertThat(after.path("loginsRejected").asLong()).isEqualTo(before.path("loginsRejected").asLong() + 1);
        assertThat(after.path("loginsAccepted").asLong()).isEqualTo(before.path("loginsAccepted").asLong() + 1);
        assertThat(this.services.emulatorTokens("sam")).hasSize(1);
    }

    @Test
    void chatLoginWhenTheRouteStillAnswersTheRevokedTokenThenAsksFreshAndErasesTheUser() throws Exception {
        requireSdk();
        signIn("kim");
        click("get-token");
        waitForToken();
        String revoked = fullTokenOf("kim");
        // Revoked at CometChat behind the gateway's back: the route's cache still answers it.
        this.services.restApi("DELETE", "/users/kim/auth_tokens/" + revoked);
        long mints = this.services.restCalls("CREATE_AUTH_TOKEN");

        click("chat-login");

        waitForText("chat-status", "logged in as kim");
        assertThat(text("chat-status")).contains("logged in with a fresh one");
        assertThat(this.services.restCalls("CREATE_AUTH_TOKEN")).isEqualTo(mints + 1);
        assertThat(this.services.emulatorTokens("kim")).hasSize(1).doesNotContain(revoked);

        click("erase");
        waitForStatus("Erase my chat user: your CometChat user and its tokens are erased");
        assertThat(this.services.restApi("GET", "/users/kim").statusCode()).isEqualTo(404);
    }

    // ---- the page ----

    private void signIn(String user) {
        this.browser.get(gateway() + "/");
        new WebDriverWait(this.browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
        // The development issuer's own login form.
        WebElement username = new WebDriverWait(this.browser, WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        username.sendKeys(user);
        username.submit();
        new WebDriverWait(this.browser, WAIT).until(ExpectedConditions.textToBe(By.id("subject"), user));
        assertThat(this.browser.getCurrentUrl()).isEqualTo(gateway() + "/");
        // Memory only: nothing about the access token in any storage the page can reach.
        Object stored = this.browser.executeScript(
                "return JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, sessionStorage))");
        assertThat((String) stored).doesNotContain("eyJ");
    }

    private void click(String id) {
        new WebDriverWait(this.browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private String text(String id) {
        return this.browser.findElement(By.id(id)).getText();
    }

    private String waitForToken() {
        return waitForTokenOtherThan("–");
    }

    private String waitForTokenOtherThan(String previous) {
        new WebDriverWait(this.browser, WAIT).until((driver) -> !text("token").equals(previous));
        return text("token");
    }

    private void waitForText(String id, String fragment) {
        new WebDriverWait(this.browser, WAIT).withMessage(() -> "#" + id + " never contained '" + fragment
                + "'; it says '" + text(id) + "', status '" + text("status") + "'")
            .until((driver) -> text(id).contains(fragment));
    }

    private void waitForStatus(String fragment) {
        waitForText("status", fragment);
    }

    /** Clicks, then waits until the page has logged the answer (each answer adds one line to its log). */
    private void clickAndWaitForTheAnswer(String id) {
        int entries = this.browser.findElements(By.cssSelector("#log li")).size();
        click(id);
        new WebDriverWait(this.browser, WAIT)
            .until((driver) -> driver.findElements(By.cssSelector("#log li")).size() > entries);
    }

    private void saveScreenshot() throws IOException {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, this.browser.getScreenshotAs(OutputType.BYTES));
    }

    private void requireSdk() {
        Assumptions.assumeTrue(new ClassPathResource("static/page/vendor/cometchat/CometChat.js").exists(),
                "SKIPPED: the CometChat SDK is not bundled into the demo page (run npm ci --prefix demo-gateway "
                        + "before the build; .ci/run does), so chat login cannot be driven.");
    }

    // ---- the gateway, the issuer and the emulator, over HTTP ----

    private String gateway() {
        return "http://localhost:" + this.port;
    }

    private void delete(String path, String jwt) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + path))
            .header("Authorization", "Bearer " + jwt).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    /** The full token the route caches for {@code user} (the page shows it masked), asked with the user's own JWT. */
    private String fullTokenOf(String user) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/cometchat-token"))
            .header("Authorization", "Bearer " + this.services.jwtFor(user)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("authToken").asString();
    }

    /** The page's masking: the first 8 and last 6 characters. */
    private static String mask(String token) {
        return token.substring(0, 8) + "…" + token.substring(token.length() - 6);
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        return null;
    }

}
