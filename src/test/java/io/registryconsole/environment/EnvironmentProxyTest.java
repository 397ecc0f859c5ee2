package io.registryconsole.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.Tinyproxy;

/**
 * An environment whose nodes reach registries through Debian's tinyproxy with Basic auth: its plan trials and test
 * pulls go through the proxy (the proxy's log shows them), without proxy credentials they are PROXY_AUTH_REQUIRED, a
 * proxy that is down is PROXY_UNREACHABLE; the password is write-only and stored encrypted. The registry is named
 * {@link Tinyproxy#REGISTRY_NAME}, which only the proxy resolves (Go's NO_PROXY rules never proxy loopback).
 */
@ConsoleLabTest
@Tag("db")
class EnvironmentProxyTest {

    static final String PASSWORD = "proxy-pass-913";

    @TempDir
    static Path dir;

    static Tinyproxy proxy;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    @BeforeAll
    static void startProxy() {
        proxy = Tinyproxy.start(dir.resolve("tinyproxy"), "nodes", PASSWORD, List.of(443));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long environment(LabRegistry registry, String proxyUrl, String credentials) {
        long id = console.register("proxied", "http://" + Tinyproxy.REGISTRY_NAME + ":" + registry.port(), true, null, null);
        MvcTestResult created = mvc.post().uri("/api/v1/environments").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"name\": \"behind-proxy-" + System.nanoTime() + "\", \"registries\": [{\"registryId\": " + id
                + ", \"role\": \"PRIMARY\"}], \"proxy\": {\"httpProxy\": \"" + proxyUrl + "\", \"httpsProxy\": \"" + proxyUrl
                + "\", \"noProxy\": \"10.0.0.0/8,.corp\"" + credentials + "}}").exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        return JsonPath.parse(body(created)).<Number>read("$.id").longValue();
    }

    DocumentContext plan(long environment, LabRegistry registry) {
        MvcTestResult result = mvc.post().uri("/api/v1/environments/{id}/plan", environment).contentType(MediaType.APPLICATION_JSON)
            .content("{\"image\": \"" + image(registry) + "\"}").with(csrf()).exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(body(result));
    }

    static String image(LabRegistry registry) {
        return Tinyproxy.REGISTRY_NAME + ":" + registry.port() + "/" + RegistryLab.ALPINE;
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void trialsAndTestPullsGoThroughTheProxyAndThePasswordStaysSecret(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        long env = environment(registry, proxy.url().toString(), ", \"username\": \"nodes\", \"password\": \"" + PASSWORD + "\"");

        DocumentContext view = JsonPath.parse(body(mvc.get().uri("/api/v1/environments/{id}", env).exchange()));
        assertThat(view.<String>read("$.proxy.username")).isEqualTo("nodes");
        assertThat(view.<Boolean>read("$.proxy.passwordSet")).isTrue();
        assertThat(view.<String>read("$.proxy.noProxy")).isEqualTo("10.0.0.0/8,.corp");
        assertThat(view.jsonString()).doesNotContain(PASSWORD);
        String stored = jdbc.queryForObject("select proxy_password from environment where id = ?", String.class, env);
        assertThat(stored).startsWith("v1:").doesNotContain(PASSWORD);
        assertThat(jdbc.queryForList("select * from audit_event").toString()).contains("nodes").doesNotContain(PASSWORD);

        DocumentContext plan = plan(env, registry);
        assertThat(plan.<List<String>>read("$.runtimes[*].endpoints[*].trial.outcome")).as(plan.jsonString()).containsOnly("OK");
        assertThat(proxy.logText()).contains("HEAD http://" + Tinyproxy.REGISTRY_NAME + ":" + registry.port()
            + "/v2/library/alpine-test/manifests/3.19");

        MvcTestResult started = mvc.post().uri("/api/v1/pull-tests").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + image(registry) + "\", \"environmentId\": " + env + ", \"mode\": \"FULL\"}").exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        long pull = JsonPath.parse(body(started)).<Number>read("$.id").longValue();
        DocumentContext done = waitForEnd(pull);
        assertThat(done.<String>read("$.status")).as(done.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(proxy.logText()).contains("GET http://" + Tinyproxy.REGISTRY_NAME + ":" + registry.port() + "/v2/library/alpine-test/blobs/");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void withoutProxyCredentialsItIsProxyAuthRequiredAndADownProxyIsUnreachable(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        DocumentContext noCredentials = plan(environment(registry, proxy.url().toString(), ""), registry);
        assertThat(noCredentials.<String>read("$.runtimes[0].endpoints[0].trial.outcome")).as(noCredentials.jsonString())
            .isEqualTo("PROXY_AUTH_REQUIRED");
        assertThat(noCredentials.<String>read("$.runtimes[0].endpoints[0].trial.remediation")).contains("407");

        MvcTestResult pull = mvc.post().uri("/api/v1/pull-tests").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + image(registry) + "\", \"environmentId\": " + environment(registry, proxy.url().toString(), "")
                + ", \"mode\": \"MANIFEST\"}").exchange();
        DocumentContext failed = waitForEnd(JsonPath.parse(body(pull)).<Number>read("$.id").longValue());
        assertThat(failed.<String>read("$.failure.category")).as(failed.jsonString()).isEqualTo("PROXY_AUTH_REQUIRED");

        DocumentContext down = plan(environment(registry, "http://127.0.0.1:" + Loopback.closedPort(), ""), registry);
        assertThat(down.<String>read("$.runtimes[0].endpoints[0].trial.outcome")).isEqualTo("PROXY_UNREACHABLE");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aBadProxyUrlIsRefusedBesideItsField() {
        MvcTestResult bad = mvc.post().uri("/api/v1/environments").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"name\": \"bad-proxy\", \"proxy\": {\"httpProxy\": \"socks5://proxy:1080\", \"password\": \"x\"}}").exchange();
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(bad)).contains("proxy.httpProxy").contains("proxy.username").doesNotContain("\"x\"");
    }

    DocumentContext waitForEnd(long id) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            DocumentContext view = JsonPath.parse(body(mvc.get().uri("/api/v1/pull-tests/{id}", id).exchange()));
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.<String>read("$.status"))) {
                return view;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("test pull " + id + " did not finish");
    }
}
