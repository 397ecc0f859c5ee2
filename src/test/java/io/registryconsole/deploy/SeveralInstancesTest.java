package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several console instances on one PostgreSQL database (issue #9), as a deployment behind a load balancer runs them:
 * started at the same moment on an empty database, they migrate once and create one admin; a page session made on one
 * works on the others; a test pull running on one is followed from another; stopping the instance that runs a FULL
 * test pull stores it as interrupted; a compliance score reported through one is on the other's dashboard. Needs the
 * test PostgreSQL of scripts/test.sh (a fresh database per test); not
 * tagged "db" because it always runs on PostgreSQL.
 */
class SeveralInstancesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private ConsoleInstances instances;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void freshDatabase() throws Exception {
        instances = ConsoleInstances.onFreshDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        instances.close();
    }

    @Test
    void threeInstancesStartAtOnceOnAnEmptyDatabaseAndShareSessionsAndTestPulls() throws Exception {
        List<ConfigurableApplicationContext> consoles = instances.startTogether(3);

        try (Connection db = instances.connect()) {
            assertThat(count(db, "select count(*) from console_user")).as("one admin, created by one instance").isOne();
            assertThat(count(db, "select count(*) from flyway_schema_history where success and version = '70'")).isOne();
            assertThat(count(db, "select count(*) from flyway_schema_history where not success")).isZero();
        }

        // a page session made through the first instance is a session on the others
        String a = ConsoleInstances.baseUrl(consoles.get(0));
        String b = ConsoleInstances.baseUrl(consoles.get(1));
        String c = ConsoleInstances.baseUrl(consoles.get(2));
        String session = signIn(a, "admin", ConsoleInstances.ADMIN_PASSWORD);
        for (String other : List.of(b, c)) {
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(other + "/")).header("Cookie", "SESSION=" + session).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).as("the start page on %s with the session from %s", other, a).isEqualTo(200);
            assertThat(home.body()).contains("admin");
        }
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(b + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("without the session").isEqualTo(302);

        // a FULL test pull runs on A; its events are followed through B; stopping A stores it as interrupted
        try (StallingRegistry registry = new StallingRegistry()) {
            long registryId = id(api(a, "POST", "/api/v1/registries",
                "{\"name\":\"stalling\",\"url\":\"" + registry.url() + "\",\"insecure\":true}", 201));
            long pullId = id(api(a, "POST", "/api/v1/pull-tests",
                "{\"image\":\"" + StallingRegistry.REPOSITORY + ":1\",\"registryId\":" + registryId + ",\"mode\":\"FULL\"}", 202));
            assertThat(registry.layerStarted.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("the layer transfer started").isTrue();
            assertThat(api(c, "GET", "/api/v1/pull-tests/" + pullId, null, 200)).contains("\"status\":\"RUNNING\"");

            CompletableFuture<List<String>> followedThroughB = CompletableFuture.supplyAsync(() -> events(b, session, pullId));
            waitUntil(() -> followedThroughB.isDone() || !followedStates.isEmpty(), "B sends the first state event");

            consoles.get(0).close();

            String stored = api(b, "GET", "/api/v1/pull-tests/" + pullId, null, 200);
            assertThat(stored).contains("\"status\":\"FAILED\"").contains("\"category\":\"CANCELLED\"").contains("the console was stopped");
            List<String> events = followedThroughB.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(events).first().asString().startsWith("state");
            assertThat(events).last().asString().startsWith("end").contains("\"status\":\"FAILED\"").contains("the console was stopped");
        }

        // nothing else lost: the registry and the admin are still there, the session still works on C
        assertThat(api(c, "GET", "/api/v1/registries", null, 200)).contains("\"name\":\"stalling\"");
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(c + "/")).header("Cookie", "SESSION=" + session).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondRoundOfInstancesOnTheSameDatabaseFindsTheAdminAndMigratesNothing() throws Exception {
        instances.startTogether(2).forEach(ConfigurableApplicationContext::close);
        List<ConfigurableApplicationContext> again = instances.startTogether(2);
        try (Connection db = instances.connect()) {
            assertThat(count(db, "select count(*) from console_user")).isOne();
            assertThat(count(db, "select count(*) from flyway_schema_history where version = '70'")).isOne();
        }
        String first = ConsoleInstances.baseUrl(again.get(0));
        String second = ConsoleInstances.baseUrl(again.get(1));
        assertThat(api(second, "GET", "/api/v1/me", null, 200)).contains("admin");

        // an admin's change to a user on one instance ends that user's page sessions on every instance
        String created = api(second, "POST", "/api/v1/users",
            "{\"username\":\"vera\",\"password\":\"vera-password-123\",\"role\":\"VIEWER\"}", 201);
        String vera = signIn(first, "vera", "vera-password-123");
        assertThat(page(second, vera).statusCode()).isEqualTo(200);
        api(second, "PATCH", "/api/v1/users/" + id(created), "{\"version\":" + version(created) + ",\"enabled\":false}", 200);
        HttpResponse<String> afterDisable = page(first, vera);
        assertThat(afterDisable.statusCode()).as("vera's session made on the first instance, after the change on the second").isEqualTo(302);
        assertThat(afterDisable.headers().firstValue("Location").orElse("")).contains("/login");

        // the last compliance score, reported through one instance, is on the other's dashboard
        long env = id(api(second, "POST", "/api/v1/environments", "{\"name\":\"scored\",\"registries\":[]}", 201));
        String report = api(first, "GET", "/api/v1/environments/" + env + "/compliance", null, 200);
        Matcher score = Pattern.compile("\"score\"\\s*:\\s*(\\d+)").matcher(report);
        assertThat(score.find()).as(report).isTrue();
        String admin = signIn(second, "admin", ConsoleInstances.ADMIN_PASSWORD);
        assertThat(page(second, admin).body()).contains("compliance-score-" + env).contains(score.group(1) + " %");
    }

    private HttpResponse<String> page(String base, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", "SESSION=" + session).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static long version(String json) {
        Matcher m = Pattern.compile("\"version\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("a version in %s", json).isTrue();
        return Long.parseLong(m.group(1));
    }

    // ------------------------------------------------------------------ helpers

    private final List<String> followedStates = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The server-sent events of a test pull on the page session, until the stream ends: "name data" each. */
    private List<String> events(String base, String session, long pullId) {
        List<String> events = new ArrayList<>();
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/pull-tests/" + pullId + "/events"))
                .header("Cookie", "SESSION=" + session).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(name + " " + line.substring(5));
                        followedStates.add(name);
                    }
                }
            }
            return events;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Form sign-in as a browser does it; returns the SESSION cookie's value. */
    private String signIn(String base, String user, String password) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String session = cookie(login, "SESSION");
        // the database session's cookie keeps the console's cookie settings (server.servlet.session.cookie.*)
        assertThat(login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElseThrow())
            .contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Cookie", "SESSION=" + session).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String renewed = cookie(posted, "SESSION");
        return renewed != null ? renewed : session;
    }

    private String api(String base, String method, String path, String json, int expected) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ConsoleInstances.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic)
            .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    private static long id(String json) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("an id in %s", json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
            .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst().orElse(null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting until %s", what).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
