package io.registryconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.check.LabConsole;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.StoppableRegistry;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.pull.PullMode;
import io.registryconsole.pull.PullStatus;
import io.registryconsole.pull.PullTestRequest;
import io.registryconsole.pull.PullTestService;
import io.registryconsole.pull.PullTestView;

/**
 * The dashboard, registry, environment and test pull pages with history recorded from the lab: the charts draw the
 * probes and pulls that happened (asserted on the data the chart script drew and the JSON it loaded), the live
 * fragments change by themselves when a real registry process stops, an ended session lands on the login page, and
 * axe-core finds no serious or critical violation on any page at 1280 and 390 px. Screenshots of every page at both
 * widths go to target/screenshots/.
 */
@Tag("db")
@ExtendWith(RegistryLab.Extension.class)
class DashboardInBrowserTest extends BrowserTest {

    static final Path AXE = Path.of("frontend/node_modules/axe-core/axe.min.js");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Duration LIVE = Duration.ofSeconds(90);

    @Autowired
    EnvironmentService environments;
    @Autowired
    RegistryHealthService health;
    @Autowired
    PullTestService pullTests;

    @RegisterExtension
    final LabConsole console = LabConsole.withTablesAsTheyAre();
    TestUser user;

    @BeforeEach
    void signIn() {
        user = signedInAfterCleanSlate("ada", Role.ADMIN);
        browser.driver().manage().window().setSize(new Dimension(1280, 900));
    }

    /** A registry probed three times, an environment on it, a full pull from it, and one good, one failed pull through the environment. */
    record History(long registry, long environment, PullTestView full, PullTestView good, PullTestView failed) {
    }

    History recordHistory(LabRegistry lab) {
        long registry = console.register(lab);
        long environment = console.environment("prod", "production nodes", "linux/amd64", List.of(BindingRequest.primary(registry)));
        for (int i = 0; i < 3; i++) {
            assertThat(health.probeNow(registry).up()).isTrue();
        }
        PullTestView full = pullTests.start(PullTestRequest.ofRegistry(RegistryLab.ALPINE, registry, PullMode.FULL), user.username(),
            Duration.ofSeconds(60));
        String image = lab.hostPort() + "/" + RegistryLab.ALPINE;
        PullTestView good = pullTests.start(new PullTestRequest(image, null, environment, null, PullMode.MANIFEST, null, null),
            user.username(), Duration.ofSeconds(60));
        PullTestView failed = pullTests.start(new PullTestRequest(lab.hostPort() + "/library/alpine-test:no-such-tag", null, environment,
            null, PullMode.MANIFEST, null, null), user.username(), Duration.ofSeconds(60));
        assertThat(List.of(full.status(), good.status(), failed.status()))
            .containsExactly(PullStatus.SUCCEEDED, PullStatus.SUCCEEDED, PullStatus.FAILED);
        assertThat(full.throughput()).isPositive();
        return new History(registry, environment, full, good, failed);
    }

    @Test
    void eachChartDrawsTheProbesAndPullsTheLabRecorded(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        History h = recordHistory(lab);

        browser.get("/registries/" + h.registry());
        Map<String, Object> latency = chart("chart-latency");
        assertThat(column(latency, 0)).hasSize(1); // three probes a moment ago: one bucket
        assertThat(((Number) column(latency, 1).get(0)).longValue()).isPositive(); // p50
        assertThat(((Number) column(latency, 2).get(0)).longValue()).isGreaterThanOrEqualTo(((Number) column(latency, 1).get(0)).longValue());
        Map<String, Object> updown = chart("chart-updown");
        assertThat(column(updown, 1)).containsExactly(3L);
        assertThat(column(updown, 2)).containsExactly(0L);
        Map<String, Object> durations = chart("chart-pull-duration");
        assertThat(column(durations, 1)).containsExactly(h.full().durationMs());
        Map<String, Object> throughput = chart("chart-pull-throughput");
        assertThat(((Number) column(throughput, 1).get(0)).doubleValue()).isCloseTo(h.full().throughput() / 1e6,
            org.assertj.core.data.Offset.offset(1e-6));
        // the 7-day window asks the server again and draws the same probes
        browser.find("#charts .window-switch button[data-window='7d']").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> "7d".equals(js("return window.registryConsoleCharts['chart-updown'].window")));
        assertThat(column(chart("chart-updown"), 1)).containsExactly(3L);

        browser.get("/environments/" + h.environment());
        Map<String, Object> success = chart("chart-pull-success");
        assertThat(numbers(column(success, 1))).containsExactly(50.0); // one of two pulls through it succeeded
        assertThat(column(chart("chart-pull-duration"), 1)).containsExactlyInAnyOrder(h.good().durationMs(), h.failed().durationMs());

        browser.get("/");
        Map<String, Object> trend = chart("trend-" + h.registry());
        assertThat(column(trend, 1)).hasSize(1).allSatisfy(p50 -> assertThat(((Number) p50).longValue()).isPositive());

        browser.get("/pull-tests");
        assertThat(column(chart("chart-pull-duration"), 1)).hasSize(3);
        assertThat(numbers(column(chart("chart-pull-success"), 1))).containsExactly(66.67);
        assertThat(browser.consoleErrors()).isEmpty();

        // the same series from the API, documented in the OpenAPI document
        HttpResponse<String> probes = api("/api/v1/registries/" + h.registry() + "/probes/series?window=7d");
        assertThat(probes.statusCode()).isEqualTo(200);
        assertThat(probes.body()).contains("\"window\":\"7d\"", "\"up\":3", "\"down\":0");
        HttpResponse<String> pulls = api("/api/v1/pull-tests/series?environmentId=" + h.environment());
        assertThat(pulls.body()).contains("\"successRate\":50.0", "\"id\":" + h.failed().id());
        HttpResponse<String> bad = api("/api/v1/registries/" + h.registry() + "/probes/series?window=1h");
        assertThat(bad.statusCode()).isIn(400, 422);
        assertThat(bad.body()).contains("\"field\":\"window\"");
        assertThat(api("/v3/api-docs").body()).contains("/api/v1/registries/{id}/probes/series", "/api/v1/pull-tests/series");
    }

    @Test
    void theEnvironmentPageShowsItsRegistriesHealthRecentPullsAndExports(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        History h = recordHistory(lab);

        browser.get("/environments");
        browser.find("a[href='/environments/" + h.environment() + "']").click();
        assertThat(browser.path()).isEqualTo("/environments/" + h.environment());

        assertThat(browser.find("#binding-" + h.registry() + " .state").getText()).isEqualTo("UP");
        assertThat(browser.find("#binding-" + h.registry()).getText()).contains("100.0 %", "primary");
        assertThat(browser.findAll("#recent-pulls tbody tr")).hasSize(2);
        assertThat(browser.find("#recent-pulls").getText()).contains("SUCCEEDED", "FAILED", "MANIFEST_NOT_FOUND");
        assertThat(browser.find("#export-docker-daemon .export-status").getText()).isEqualTo("never downloaded");
        assertThat(browser.find("#trust").getText()).contains("Trust policy");
        assertThat(browser.find("#diagnosis").getText()).contains("Diagnosis");
        for (String link : new String[] {"plan", "exports", "import"}) {
            assertThat(browser.findAll("#environment-links a[href='/environments/" + h.environment() + "/" + link + "']")).as(link).hasSize(1);
        }

        // download the daemon.json, change the environment: the page says the export changed since
        browser.get("/environments/" + h.environment() + "/exports/docker-daemon/file?name=daemon.json");
        browser.get("/environments/" + h.environment());
        assertThat(browser.find("#export-docker-daemon .export-status").getText()).isEqualTo("unchanged");
        long second = console.register(lab);
        var env = environments.get(h.environment());
        environments.update(h.environment(), new io.registryconsole.environment.EnvironmentRequest(env.name(), env.description(),
            env.platform(), env.pullPolicy(), env.maxConcurrentDownloads(),
            List.of(BindingRequest.primary(h.registry()), BindingRequest.mirror(second, "docker.io", 1)), env.version()));
        browser.get("/environments/" + h.environment());
        assertThat(browser.find("#export-docker-daemon .export-status").getText()).startsWith("changed: daemon.json");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theDashboardAndRegistryPageFollowAStoppedRegistryWithoutReloading() throws Exception {
        try (StoppableRegistry registry = StoppableRegistry.start("dashboard-live", Files.createTempDirectory("dashboard-live"))) {
            long id = console.register("live", registry.baseUrl().toString(), true, null, null);
            assertThat(health.probeNow(id).up()).isTrue();

            browser.get("/");
            assertThat(text("#health-" + id + " .state")).isEqualTo("UP");
            js("window.__notReloaded = 'marker'; return null");

            registry.stop(); // the real docker-registry process ends: its port refuses connections
            assertThat(health.probeNow(id).up()).isFalse();

            new WebDriverWait(browser.driver(), LIVE).until(d -> "DOWN".equals(text("#health-" + id + " .state")));
            assertThat(js("return window.__notReloaded")).isEqualTo("marker");
            assertThat(text("#health-" + id)).contains("CONNECTION_REFUSED");

            browser.get("/registries/" + id);
            js("window.__notReloaded = 'registry page'; return null");
            int probes = browser.findAll("#probes tbody tr").size();
            health.probeNow(id);
            new WebDriverWait(browser.driver(), LIVE).until(d -> browser.findAll("#probes tbody tr").size() == probes + 1);
            assertThat(js("return window.__notReloaded")).isEqualTo("registry page");
            assertThat(text("#health-state")).isEqualTo("DOWN");
            // the charts below the live part were drawn again with the new probe
            new WebDriverWait(browser.driver(), LIVE).until(d -> column(chart("chart-updown"), 2).equals(List.of(2L)));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void anEndedSessionSendsTheLivePageToTheLoginPage() {
        browser.get("/");
        browser.waitFor("#registry-health");
        browser.driver().manage().deleteCookieNamed("JSESSIONID");

        new WebDriverWait(browser.driver(), LIVE).until(d -> browser.path().startsWith("/login"));
        assertThat(browser.findAll("#registry-health")).isEmpty();
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
    }

    @Test
    void everyPageIsUsableAt1280And390PixelsWithoutSeriousAccessibilityViolations(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        assertThat(AXE).as("axe-core: run `npm ci --prefix frontend` (scripts/test.sh does)").exists();
        String axe = Files.readString(AXE);
        History h = recordHistory(lab);
        String image = lab.hostPort() + "/" + RegistryLab.ALPINE;
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("dashboard", "/");
        pages.put("registries", "/registries");
        pages.put("registry", "/registries/" + h.registry());
        pages.put("registry-new", "/registries/new");
        pages.put("registry-edit", "/registries/" + h.registry() + "/edit");
        pages.put("environments", "/environments");
        pages.put("environment", "/environments/" + h.environment());
        pages.put("environment-new", "/environments/new");
        pages.put("environment-edit", "/environments/" + h.environment() + "/edit");
        pages.put("plan", "/environments/" + h.environment() + "/plan?image=" + image);
        pages.put("exports", "/environments/" + h.environment() + "/exports");
        pages.put("import", "/environments/" + h.environment() + "/import");
        pages.put("pull-tests", "/pull-tests");
        pages.put("pull-test", "/pull-tests/" + h.failed().id());
        pages.put("audit", "/audit");
        pages.put("tokens", "/account/tokens");
        pages.put("users", "/admin/users");
        Files.createDirectories(SCREENSHOTS);
        List<String> problems = new ArrayList<>();
        for (int width : new int[] {1280, 390}) {
            browser.driver().manage().window().setSize(new Dimension(width, 900));
            for (Map.Entry<String, String> page : pages.entrySet()) {
                browser.get(page.getValue());
                problems.addAll(check(page.getKey(), width, axe));
            }
            browser.driver().manage().deleteAllCookies();
            browser.get("/login");
            problems.addAll(check("login", width, axe));
            browser.signIn(user.username(), user.password());
        }
        assertThat(problems).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** axe-core's serious and critical violations, horizontal overflow of the page, and a screenshot. */
    private List<String> check(String name, int width, String axe) throws Exception {
        waitForCharts();
        List<String> problems = new ArrayList<>();
        js(axe + "; return null");
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))));""");
        violations.forEach(v -> problems.add(name + " @" + width + ": " + v));
        Number overflow = (Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow.intValue() > 0) {
            problems.add(name + " @" + width + ": the page scrolls sideways by " + overflow + " px");
        }
        if (width < 700 && !browser.findAll(".nav-toggle").isEmpty()) {
            assertThat(browser.find("#main-nav").isDisplayed()).as(name + ": nav collapsed").isFalse();
            browser.find(".nav-toggle").click();
            assertThat(browser.find("#main-nav").isDisplayed()).as(name + ": nav opens").isTrue();
            browser.find(".nav-toggle").click();
        }
        screenshot(name + "-" + width);
        return problems;
    }

    private void waitForCharts() {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> (Boolean) js(
            "return [...document.querySelectorAll('figure.chart')].every(f => f.dataset.state === 'ready')"));
    }

    /** The whole page: the window is made as tall as the page for the shot. */
    private void screenshot(String name) throws Exception {
        Dimension size = browser.driver().manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        browser.driver().manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(Math.max(height, 600), 5000)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES));
        browser.driver().manage().window().setSize(size);
    }

    /** What the chart script drew into the chart with this id (waits until it has). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> chart(String id) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> js(
            "const f = document.getElementById(arguments[0]); return f && f.dataset.state === 'ready'", id));
        return (Map<String, Object>) js("return window.registryConsoleCharts[arguments[0]]", id);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> column(Map<String, Object> chart, int index) {
        return (List<Object>) ((List<Object>) chart.get("data")).get(index);
    }

    /**
     * The element's text, read in the page: a live fragment may be swapped between finding an element and reading it,
     * which a WebElement would report as stale.
     */
    private String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    private static List<Double> numbers(List<Object> values) {
        return values.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    private HttpResponse<String> api(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", user.basicAuth()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
