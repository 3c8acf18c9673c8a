package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}). Skipped, saying so, on a machine without them.
 */
class AdminConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;

    private static DemoServer server;
    private static WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private WebDriverWait wait;
    private String org;

    @BeforeAll
    static void startServerAndBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver): browser tests skipped");
        server = DemoServer.start(new DemoOptions("127.0.0.1", 0, null, null, null, dataDir));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openConsole() {
        org = "web-" + UUID.randomUUID().toString().substring(0, 8);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(server.uri().toString() + "/");
        WebElement orgField = wait.until(ExpectedConditions.elementToBeClickable(By.id("org")));
        orgField.clear();
        orgField.sendKeys(org, Keys.TAB);
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        screenshot(test.getTestMethod().orElseThrow().getName());
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void actAs(String user) {
        new Select(browser.findElement(By.id("actor"))).selectByValue(user);
    }

    private void create(String name, String typeValue) {
        browser.findElement(By.id("create")).click();
        WebElement nameField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        nameField.sendKeys(name);
        browser.findElement(By.cssSelector("#create-form input[value='" + typeValue + "']")).click();
        WebElement generate = browser.findElement(By.id("generate"));
        assertThat(generate.getText())
                .isEqualTo(typeValue.equals("OAUTH") ? "Generate OAuth Credentials" : "Generate Access Key");
        generate.click();
    }

    private String secretShown() {
        WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")));
        wait.until(d -> !secret.getAttribute("value").isEmpty());
        return secret.getAttribute("value");
    }

    /**
     * Closes the one-time secret dialog and waits until the page has wiped the secret. The
     * console wipes it on the dialog's {@code close} event, which the browser fires in a task
     * of its own after the dialog is hidden: a hidden dialog does not yet mean a wiped field.
     */
    private void closeSecretDialogAndSeeItWiped() {
        browser.findElement(By.cssSelector("#secret-dialog button[type=submit]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
        wait.until(d -> d.findElement(By.id("secret")).getAttribute("value").isEmpty()
                && d.findElement(By.id("client-id")).getAttribute("value").isEmpty());
    }

    /** An access key created in the console by {@code admin}, its secret shown and closed; its row in the list. */
    private WebElement accessKeyCreatedByAdmin() {
        actAs("admin");
        create("Reporting", "ACCESS_KEY");
        secretShown();
        closeSecretDialogAndSeeItWiped();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#connections tbody tr")));
    }

    private int ping(String accessKey) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/v1/ping"))
                .header("Accesskey", accessKey).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void accessKeyCreatedUsedAndRegeneratedThroughTheDialogs() throws Exception {
        actAs("admin");
        create("Reporting", "ACCESS_KEY");

        String firstKey = secretShown();
        assertThat(browser.findElement(By.cssSelector("#secret-dialog .warning")).getText())
                .contains("will not be shown again");
        assertThat(browser.getCurrentUrl()).doesNotContain(firstKey);
        screenshot("accessKeyShownOnce");
        assertThat(ping(firstKey)).isEqualTo(200);
        closeSecretDialogAndSeeItWiped();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#connections tbody tr")));
        assertThat(row.getText()).contains("Reporting", "Access Key", firstKey.substring(firstKey.length() - 4))
                .doesNotContain(firstKey);

        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).click();
        WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok")));
        assertThat(confirm.getText()).isEqualTo("Re-Generate");
        confirm.click();

        String secondKey = secretShown();
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(ping(firstKey)).isEqualTo(401);
        assertThat(ping(secondKey)).isEqualTo(200);
        closeSecretDialogAndSeeItWiped();
    }

    /**
     * Holds back, until the page's {@code releaseHeld()}, the first request the page sends for which the
     * JavaScript condition on {@code url} and {@code init} holds, and sets {@code window.heldAnswered} once its
     * answer has been read; counts those requests in {@code window.matched} and every PATCH in
     * {@code window.patches}.
     */
    private JavascriptExecutor holdFirst(String condition) {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("""
                const original = window.fetch;
                let release;
                const held = new Promise((resolve) => { release = resolve; });
                window.releaseHeld = release;
                window.matched = 0;
                window.patches = 0;
                window.heldAnswered = false;
                window.fetch = (url, init) => {
                  if (init && init.method === "PATCH") window.patches++;
                  if (!(%s)) return original(url, init);
                  window.matched++;
                  if (window.matched > 1) return original(url, init);
                  // Aborted, a held request rejects as a real one would, at once.
                  const aborted = new Promise((resolve, reject) => init && init.signal && init.signal.addEventListener(
                    "abort", () => reject(new DOMException("The operation was aborted.", "AbortError"))));
                  return Promise.race([aborted, held.then(() => original(url, init))]).then((response) =>
                    response.text().then((text) => {
                      window.heldAnswered = true;
                      return new Response(text, { status: response.status, headers: response.headers });
                    }));
                };
                """.formatted(condition));
        return page;
    }

    /**
     * While a regeneration is answered, the dialog's buttons are disabled and Esc held back: a second
     * regeneration would make the secret shown by the first dead before anyone copies it. The answer is held
     * back in the page until the second click, Enter and Esc have been tried.
     */
    @Test
    void regenerationInFlightCannotBeStartedAgainAndTheSecretShownWorks() throws Exception {
        actAs("admin");
        create("Reporting", "ACCESS_KEY");
        String firstKey = secretShown();
        closeSecretDialogAndSeeItWiped();
        JavascriptExecutor page = holdFirst("String(url).endsWith('/regenerate')");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#connections tbody tr")));
        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
        wait.until(d -> Long.valueOf(1).equals(page.executeScript("return window.matched;")));

        WebElement regenerate = browser.findElement(By.id("regenerate"));
        assertThat(regenerate.isEnabled()).as("Re-Generate while the first is answered").isFalse();
        assertThat(browser.findElement(By.cssSelector("#edit-dialog button[value='save']")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#edit-dialog .cancel")).isEnabled()).isFalse();
        page.executeScript("document.getElementById('regenerate').click();");
        WebElement name = browser.findElement(By.id("edit-name"));
        name.sendKeys("X", Keys.ENTER);
        name.sendKeys(Keys.ESCAPE);
        assertThat(browser.findElements(By.cssSelector("#confirm-dialog[open]"))).as("no second confirmation").isEmpty();
        assertThat(browser.findElements(By.cssSelector("#edit-dialog[open]"))).as("nothing saved, nor Esc taken")
                .hasSize(1);

        page.executeScript("window.releaseHeld();");
        String key = secretShown();
        assertThat(page.executeScript("return window.matched;")).as("regenerations sent").isEqualTo(1L);
        assertThat(page.executeScript("return window.patches;")).isEqualTo(0L);
        assertThat(ping(key)).as("the secret shown is the one in force").isEqualTo(200);
        assertThat(ping(firstKey)).isEqualTo(401);
        closeSecretDialogAndSeeItWiped();
        row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#connections tbody tr")));
        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        assertThat(wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).isEnabled()).isTrue();
    }

    /**
     * While a connection is being created, its dialog's buttons are disabled, and the create refused meanwhile
     * (another admin took the name) is shown in the dialog, whose buttons work again: the next try is sent.
     */
    @Test
    void createInFlightHoldsItsDialogAndARefusalLeavesItUsable() throws Exception {
        actAs("admin");
        JavascriptExecutor page = holdFirst("init && init.method === 'POST'");
        create("Reporting", "ACCESS_KEY");
        wait.until(d -> Long.valueOf(1).equals(page.executeScript("return window.matched;")));

        WebElement generate = browser.findElement(By.id("generate"));
        assertThat(generate.isEnabled()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#create-dialog .cancel")).isEnabled()).isFalse();
        browser.findElement(By.id("name")).sendKeys(Keys.ENTER);
        HttpRequest taken = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "/connections"))
                .header("X-Actor", "super").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Reporting\",\"authenticationType\":\"OAUTH\"}"))
                .build();
        assertThat(http.send(taken, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
        page.executeScript("window.releaseHeld();");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).contains("already has this name");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate")));
        assertThat(page.executeScript("return window.matched;")).as("the Enter meanwhile sent nothing").isEqualTo(1L);
        WebElement nameField = browser.findElement(By.id("name"));
        nameField.clear();
        nameField.sendKeys("Reporting 2");
        browser.findElement(By.id("generate")).click();
        assertThat(ping(secretShown())).isEqualTo(200);
        assertThat(page.executeScript("return window.matched;")).isEqualTo(2L);
    }

    /**
     * A create the server never answers is given up at the console's request timeout (shortened here to 1.5 s, which the list read after it stays well within): the
     * dialog says so in words, its buttons work again, and the next try goes through. The held request never
     * reached the server, so exactly one connection exists.
     */
    @Test
    void createTheServerNeverAnswersIsGivenUpInWordsAndTheNextTryGoesThrough() throws Exception {
        actAs("admin");
        JavascriptExecutor page = holdFirst("init && init.method === 'POST'");
        page.executeScript("document.documentElement.dataset.requestTimeoutMs = '1500';");
        create("Reporting", "ACCESS_KEY");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).startsWith("The server did not answer in time.")
                .contains("may have been made", "regenerate it");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate")));
        assertThat(browser.findElement(By.cssSelector("#create-dialog .cancel")).isEnabled()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#create-dialog[open]"))).hasSize(1);

        page.executeScript("document.documentElement.dataset.requestTimeoutMs = '';");
        browser.findElement(By.id("generate")).click();
        assertThat(ping(secretShown())).isEqualTo(200);
        assertThat(page.executeScript("return window.matched;")).isEqualTo(2L);
        closeSecretDialogAndSeeItWiped();
        wait.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).size() == 1);
    }

    /**
     * A refusal that is not the demo's own — a proxy's page for a 413, say — is shown as a refusal with its status,
     * not as a call that may have been made: nothing was, and the list is not read again for it.
     */
    @Test
    void refusalWithoutTheServersWordsIsShownAsARefusal() throws Exception {
        actAs("admin");
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("""
                const original = window.fetch;
                window.gets = 0;
                window.fetch = (url, init) => {
                  if (init && init.method === "POST") {
                    return Promise.resolve(new Response("<html><body>Request Entity Too Large</body></html>",
                      { status: 413, headers: { "Content-Type": "text/html" } }));
                  }
                  if (!init || init.method === "GET") window.gets++;
                  return original(url, init);
                };
                """);
        create("Reporting", "ACCESS_KEY");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).isEqualTo("The request was refused (HTTP 413). Please check it and try again.");
        assertThat(page.executeScript("return window.gets;")).as("no list read for it").isEqualTo(0L);
        assertThat(browser.findElements(By.cssSelector("#connections tbody tr"))).isEmpty();
    }

    /**
     * A save the server never answers is given up in words that fit it: the change may have been made, the list
     * is read anew and says so; no word of a secret, which a save does not issue.
     */
    @Test
    void saveTheServerNeverAnswersIsGivenUpAndTheListReadAnew() throws Exception {
        WebElement row = accessKeyCreatedByAdmin();
        JavascriptExecutor page = holdFirst("init && init.method === 'PATCH'");
        page.executeScript("document.documentElement.dataset.requestTimeoutMs = '1500';");
        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-name")));
        name.sendKeys(" 2");
        browser.findElement(By.cssSelector("#edit-dialog button[value='save']")).click();

        WebElement error = browser.findElement(By.cssSelector("#edit-dialog .dialog-error"));
        wait.until(d -> error.getText().endsWith("The list shows what the server has now."));
        assertThat(error.getText()).isEqualTo("The server did not answer in time. The change may have been made all"
                + " the same. The list shows what the server has now.");
        assertThat(page.executeScript("return window.patches;")).isEqualTo(1L);
        assertThat(browser.findElement(By.cssSelector("#connections tbody tr")).getText()).contains("Reporting")
                .doesNotContain("Reporting 2");
    }

    /**
     * An issuance answered lets the next one start at once, though the list read after it is not answered yet:
     * the page waits for that read with nothing disabled.
     */
    @Test
    void nextIssuanceMayStartWhileTheListAfterTheLastIsStillBeingRead() throws Exception {
        WebElement row = accessKeyCreatedByAdmin();
        JavascriptExecutor page = holdFirst("init && init.method === 'GET'");
        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
        String second = secretShown();
        wait.until(d -> Long.valueOf(1).equals(page.executeScript("return window.matched;")));
        closeSecretDialogAndSeeItWiped();

        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
        String third = secretShown();
        assertThat(third).isNotEqualTo(second);
        assertThat(ping(third)).isEqualTo(200);
        assertThat(ping(second)).isEqualTo(401);
        assertThat(page.executeScript("return window.heldAnswered;")).as("the first list read still held").isEqualTo(false);
        page.executeScript("window.releaseHeld();");
    }

    /**
     * One secret is issued at a time for the whole page: with a create in flight and its dialog closed anyway (a
     * browser may close one on a repeated Esc), Re-Generate in another connection's dialog says why it does
     * nothing and sends nothing, and the secret that arrives is shown named by its own connection.
     */
    @Test
    void secondIssuanceElsewhereWhileOneIsInFlightIsRefusedInWordsAndTheFirstSecretIsNamed() throws Exception {
        HttpRequest billing = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "/connections"))
                .header("X-Actor", "super").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Billing\",\"authenticationType\":\"OAUTH\"}"))
                .build();
        assertThat(http.send(billing, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
        actAs("admin"); // the list asked for again
        wait.until(d -> d.findElement(By.id("connections")).getText().contains("Billing"));
        actAs("super"); // who may regenerate an OAuth connection
        JavascriptExecutor page = holdFirst("init && init.method === 'POST'");
        create("Reporting", "ACCESS_KEY");
        wait.until(d -> Long.valueOf(1).equals(page.executeScript("return window.matched;")));
        page.executeScript("document.getElementById('create-dialog').close();");

        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).stream()
                .filter(r -> r.getText().contains("Billing")).findFirst().orElse(null));
        row.findElement(By.xpath(".//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("regenerate"))).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#edit-dialog .dialog-error")));
        assertThat(error.getText()).contains("still being issued");
        assertThat(browser.findElements(By.cssSelector("#confirm-dialog[open]"))).isEmpty();
        browser.findElement(By.cssSelector("#edit-dialog .cancel")).click();

        page.executeScript("window.releaseHeld();");
        String key = secretShown();
        assertThat(browser.findElement(By.id("secret-of")).getText()).contains("Reporting");
        assertThat(page.executeScript("return window.matched;")).as("requests that issue, sent").isEqualTo(1L);
        assertThat(ping(key)).isEqualTo(200);
    }

    /**
     * Leaving the page with the secret still shown (a reload, a link, the back button) wipes it, as closing the
     * dialog does, so a page the browser keeps for going back holds no secret; and the browser is told to
     * remember nothing of the dialog's fields.
     */
    @Test
    void leavingThePageWithTheSecretShownWipesIt() {
        actAs("admin");
        create("Reporting", "ACCESS_KEY");
        secretShown();

        assertThat(browser.findElement(By.cssSelector("#secret-dialog form")).getAttribute("autocomplete")).isEqualTo("off");
        ((JavascriptExecutor) browser).executeScript(
                "window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));");
        wait.until(d -> d.findElement(By.id("secret")).getAttribute("value").isEmpty()
                && d.findElement(By.id("client-id")).getAttribute("value").isEmpty());
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    }

    /**
     * The list asked for an earlier organization or user, answered after the list asked for the current one, is
     * not shown under the current one: the first answer is held back in the page until the second is shown.
     */
    @Test
    void listOfAnEarlierContextAnsweredLastIsNotShown() throws Exception {
        String second = org + "-b";
        for (String[] connection : new String[][] {{org, "In the first"}, {second, "In the second"}}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + connection[0]
                            + "/connections")).header("X-Actor", "super").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"" + connection[1] + "\",\"authenticationType\":\"ACCESS_KEY\"}"))
                    .build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
        }
        actAs("admin");
        wait.until(d -> d.findElement(By.id("connections")).getText().contains("In the first"));
        JavascriptExecutor page = holdFirst("true");

        actAs("super"); // the list of the first organization, held back
        WebElement orgField = browser.findElement(By.id("org"));
        orgField.clear();
        orgField.sendKeys(second, Keys.TAB);
        wait.until(d -> d.findElement(By.id("connections")).getText().contains("In the second"));
        page.executeScript("window.releaseHeld();");
        wait.until(d -> Boolean.TRUE.equals(page.executeScript("return window.heldAnswered;")));
        // The held answer is read in the tasks after it arrives: one more task, and the page has done with it.
        page.executeAsyncScript("const done = arguments[arguments.length - 1]; setTimeout(done, 0);");

        assertThat(browser.findElement(By.id("connections")).getText()).contains("In the second")
                .doesNotContain("In the first");
    }

    @Test
    void adminCreatingOauthCredentialsSeesTheRefusalInWords() {
        actAs("admin");
        create("Billing sync", "OAUTH");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).contains("only by active super admins");
        assertThat(browser.findElement(By.id("generate")).getText()).isEqualTo("Generate OAuth Credentials");
    }

    @Test
    void aSecretPastedAsANameIsRefusedAndGoesWithItsDialog() throws Exception {
        actAs("admin");
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "-other/connections"))
                .header("X-Actor", "admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Key\",\"authenticationType\":\"ACCESS_KEY\"}"))
                .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        String secret = body.replaceAll(".*\"accessKey\":\"([^\"]+)\".*", "$1");
        assertThat(secret).startsWith("kwak_");

        create(secret, "ACCESS_KEY");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).doesNotContain(secret);
        browser.findElement(By.cssSelector("#create-dialog .cancel")).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("create-dialog")));
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEmpty();
    }

    /** An OAuth connection of the console's organization, created by {@code super} over the admin API. */
    private void createdOverHttpBySuper(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "/connections"))
                .header("X-Actor", "super").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"authenticationType\":\"OAUTH\"}"))
                .build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
    }

    /** The console loaded again, on its organization, as {@code super}, once it lists {@code rows} connections. */
    private void listedAgainBySuper(int rows) {
        browser.navigate().refresh();
        WebElement orgField = wait.until(ExpectedConditions.elementToBeClickable(By.id("org")));
        orgField.clear();
        orgField.sendKeys(org, Keys.TAB);
        actAs("super");
        wait.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).size() == rows);
    }

    /**
     * Two names that differ only in the order of a right-to-left word and digits ("א 10", "10 א") look alike when
     * the page reorders them with what is around them; isolated, each keeps its own direction, and they look as
     * different as they are: the alef is right of the digits in one, left of them in the other.
     */
    @Test
    void namesOfRightToLeftWordsAndDigitsLookAsDifferentAsTheyAre() throws Exception {
        for (String name : List.of("\u05d0 10", "10 \u05d0")) {
            createdOverHttpBySuper(name);
        }
        listedAgainBySuper(2);

        @SuppressWarnings("unchecked")
        List<Boolean> alefRightOfTheDigits = (List<Boolean>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#connections tbody tr')].map(row => {"
                        + " const text = [...row.cells[0].querySelectorAll('*')].concat([row.cells[0]])"
                        + "   .flatMap(e => [...e.childNodes]).find(n => n.nodeType === 3 && n.data.includes('\u05d0'));"
                        + " const at = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);"
                        + "   return r.getBoundingClientRect().left; };"
                        + " return at(text.data.indexOf('\u05d0')) > at(text.data.indexOf('1')); });");

        assertThat(alefRightOfTheDigits).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void sixteenthOauthConnectionShowsTheLimit() throws Exception {
        actAs("super");
        for (int i = 1; i <= 15; i++) {
            createdOverHttpBySuper("Client " + i);
        }
        listedAgainBySuper(15);

        create("Client 16", "OAUTH");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-dialog .dialog-error")));
        assertThat(error.getText()).contains("15 M2M OAuth connections");
    }

    @Test
    void expiryChosenInTheDialogIsShownAndSoonExpiringConnectionsAreMarked() throws Exception {
        actAs("super");
        HttpRequest soon = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "/connections"))
                .header("X-Actor", "super").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ending soon\",\"authenticationType\":\"OAUTH\","
                        + "\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"}"))
                .build();
        assertThat(http.send(soon, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);

        browser.findElement(By.id("create")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("Quarterly");
        new Select(browser.findElement(By.id("expires"))).selectByValue("90");
        browser.findElement(By.id("generate")).click();
        secretShown();
        closeSecretDialogAndSeeItWiped();

        wait.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).size() == 2);
        WebElement ending = browser.findElement(By.xpath("//tbody/tr[td[1]/bdi[text()='Ending soon']]"));
        WebElement quarterly = browser.findElement(By.xpath("//tbody/tr[td[1]/bdi[text()='Quarterly']]"));
        assertThat(ending.getAttribute("class")).contains("expiring");
        assertThat(ending.findElement(By.cssSelector("td.expires")).getText()).endsWith("(expires soon)");
        assertThat(quarterly.getAttribute("class")).doesNotContain("expiring");
        assertThat(quarterly.findElement(By.cssSelector("td.expires")).getText()).isNotEqualTo("Never")
                .doesNotContain("soon");
        assertThat(quarterly.findElement(By.cssSelector("td.last-used")).getText()).isEqualTo("Never");

        HttpRequest list = HttpRequest.newBuilder(URI.create(server.uri() + "/admin/orgs/" + org + "/connections"))
                .header("X-Actor", "super").GET().build();
        String body = http.send(list, HttpResponse.BodyHandlers.ofString()).body();
        Instant quarterlyExpiry = Instant.parse(Exchange.JSON.readTree(body).findValues("expiresAt").stream()
                .map(v -> v.asText()).filter(v -> Instant.parse(v).isAfter(Instant.now().plus(Duration.ofDays(80))))
                .findFirst().orElseThrow());
        assertThat(quarterlyExpiry).isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(90)));
        screenshot("expiringConnectionsMarked");
    }

    /** Waits until the list shows these ranges; the list is redrawn after every change, so a row read may go stale. */
    private void waitForAllowedIpsShown(String shown) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(
                By.cssSelector("#connections tbody tr td.allowed-ips")).getText().equals(shown));
    }

    @Test
    void allowedIpRangesSetAtCreateAndEditedInTheDialog() throws Exception {
        actAs("admin");
        browser.findElement(By.id("create")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("Office");
        browser.findElement(By.id("allowed-ips")).sendKeys("10.0.0.0/8\n 2001:DB8::/32 ");
        browser.findElement(By.id("generate")).click();
        String key = secretShown();
        closeSecretDialogAndSeeItWiped();

        waitForAllowedIpsShown("10.0.0.0/8, 2001:db8::/32");
        // The console is reached from 127.0.0.1, outside the ranges.
        assertThat(ping(key)).isEqualTo(403);

        browser.findElement(By.xpath("//tbody/tr//button[text()='Edit Connection']")).click();
        WebElement ranges = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-allowed-ips")));
        assertThat(ranges.getAttribute("value")).isEqualTo("10.0.0.0/8\n2001:db8::/32");
        ranges.clear();
        ranges.sendKeys("10.0.0.0/33");
        browser.findElement(By.cssSelector("#edit-form button[value=save]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#edit-dialog .dialog-error")));
        assertThat(error.getText()).contains("prefix length");
        screenshot("allowedIpsRefused");

        ranges.clear();
        ranges.sendKeys("127.0.0.1/32");
        browser.findElement(By.cssSelector("#edit-form button[value=save]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("edit-dialog")));
        waitForAllowedIpsShown("127.0.0.1/32");
        assertThat(ping(key)).isEqualTo(200);

        browser.findElement(By.xpath("//tbody/tr//button[text()='Edit Connection']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-allowed-ips"))).clear();
        browser.findElement(By.cssSelector("#edit-form button[value=save]")).click();
        waitForAllowedIpsShown("Any address");
        assertThat(ping(key)).isEqualTo(200);
    }

    /**
     * Another admin narrows the key's allowed ranges while this one has its dialog open, and this one only renames
     * it: the console sends the name alone, and the narrowed ranges stay.
     */
    @Test
    void renamingInTheDialogKeepsRangesAnotherAdminSetMeanwhile() throws Exception {
        actAs("admin");
        create("Lab", "ACCESS_KEY");
        secretShown();
        closeSecretDialogAndSeeItWiped();
        waitForAllowedIpsShown("Any address");
        browser.findElement(By.xpath("//tbody/tr//button[text()='Edit Connection']")).click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-name")));

        String connections = server.uri() + "/admin/orgs/" + org + "/connections";
        String id = Exchange.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(connections))
                .header("X-Actor", "admin").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .get(0).get("id").asText();
        HttpResponse<String> narrowed = http.send(HttpRequest.newBuilder(URI.create(connections + "/" + id))
                .header("X-Actor", "admin").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"allowedIps\":[\"10.0.0.0/8\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);

        name.clear();
        name.sendKeys("Lab renamed");
        browser.findElement(By.cssSelector("#edit-form button[value=save]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("edit-dialog")));
        waitForAllowedIpsShown("10.0.0.0/8");
        JsonNode after = Exchange.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(connections))
                .header("X-Actor", "admin").GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get(0);
        assertThat(after.get("name").asText()).isEqualTo("Lab renamed");
        assertThat(after.get("allowedIps").toString()).isEqualTo("[\"10.0.0.0/8\"]");
    }
}
