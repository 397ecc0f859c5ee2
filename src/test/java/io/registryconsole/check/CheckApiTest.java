package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.RegistryService;

/**
 * {@code POST /api/v1/registries/{id}/check} against the registry lab: every failure category a real server
 * produces comes out of the right step with its remediation; rate limits and server errors from a small fake.
 */
@ConsoleLabTest
class CheckApiTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RegistryService registryService;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    DocumentContext check(long id) {
        return check(id, null);
    }

    DocumentContext check(long id, String repository) {
        var request = mvc.post().uri("/api/v1/registries/{id}/check", id).with(csrf());
        if (repository != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content("{\"repository\": \"" + repository + "\"}");
        }
        MvcTestResult result = request.exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(body(result));
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String status(DocumentContext report, StepName step) {
        List<String> found = report.read("$.steps[?(@.name == '" + step + "')].status");
        assertThat(found).as("step " + step).hasSize(1);
        return found.get(0);
    }

    static String detail(DocumentContext report, StepName step) {
        List<String> found = report.read("$.steps[?(@.name == '" + step + "')].detail");
        return found.get(0);
    }

    static void assertFailed(DocumentContext report, String category, StepName step, String remediationPart) {
        assertThat(report.<Boolean>read("$.ok")).as(report.jsonString()).isFalse();
        assertThat(report.<String>read("$.category")).as(report.jsonString()).isEqualTo(category);
        assertThat(status(report, step)).as(report.jsonString()).isEqualTo("FAIL");
        assertThat(report.<String>read("$.summary")).isNotBlank();
        assertThat(report.<String>read("$.remediation")).as(report.jsonString()).contains(remediationPart);
        // every step after the failed one is skipped
        boolean after = false;
        for (StepName name : StepName.values()) {
            if (after) {
                assertThat(status(report, name)).as(name + " after " + step).isEqualTo("SKIP");
            }
            after |= name == step;
        }
    }

    // ------------------------------------------------------------------ healthy registries

    @Test
    void anonymousPlainHttpRegistryPassesEveryStepWithTheJsonOfTheApi(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);

        DocumentContext report = check(id, "library/alpine-test");

        assertThat(report.<Map<String, Object>>read("$")).containsOnlyKeys("ok", "category", "summary", "remediation", "steps", "checkedAt");
        assertThat(report.<Boolean>read("$.ok")).isTrue();
        assertThat(report.<Object>read("$.category")).isNull();
        assertThat(report.<List<String>>read("$.steps[*].name")).containsExactly("CONFIG", "DNS", "TCP", "TLS", "API", "AUTH", "REPOSITORY");
        assertThat(report.<Map<String, Object>>read("$.steps[0]")).containsOnlyKeys("name", "status", "durationMs", "detail");
        assertThat(status(report, StepName.DNS)).isEqualTo("PASS");
        assertThat(detail(report, StepName.DNS)).contains("127.0.0.1");
        assertThat(status(report, StepName.TCP)).isEqualTo("PASS");
        assertThat(status(report, StepName.TLS)).isEqualTo("SKIP");
        assertThat(detail(report, StepName.API)).contains("200", "registry/2.0");
        assertThat(status(report, StepName.AUTH)).isEqualTo("PASS");
        assertThat(detail(report, StepName.AUTH)).contains("no authentication");
        assertThat(status(report, StepName.REPOSITORY)).isEqualTo("PASS");
        assertThat(detail(report, StepName.REPOSITORY)).contains("library/alpine-test", "3.19");
        assertThat(Instant.parse(report.read("$.checkedAt"))).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void tlsWithBasicAuthShowsTheCertificateAndTheAcceptedUser(@Use(Variant.TLS_BASIC) LabRegistry lab) {
        long id = console.register(lab);

        DocumentContext report = check(id);

        assertThat(report.<Boolean>read("$.ok")).as(report.jsonString()).isTrue();
        assertThat(status(report, StepName.TLS)).isEqualTo("PASS");
        assertThat(detail(report, StepName.TLS)).contains("TLSv1", "valid until", "IP:127.0.0.1");
        assertThat(detail(report, StepName.API)).contains("401", "Basic");
        assertThat(detail(report, StepName.AUTH)).contains("'tester'", "HTTP Basic");
        assertThat(status(report, StepName.REPOSITORY)).isEqualTo("SKIP");
        assertThat(report.jsonString()).doesNotContain(RegistryLab.BASIC_USER.password());
    }

    @Test
    void tokenRegistryWithCredentialsAndAnonymously(@Use(Variant.TOKEN) LabRegistry lab) {
        DocumentContext admin = check(console.register(lab), "private/secret");
        assertThat(admin.<Boolean>read("$.ok")).as(admin.jsonString()).isTrue();
        assertThat(detail(admin, StepName.API)).contains("token authentication", lab.tokenIssuer().realm().toString());
        assertThat(detail(admin, StepName.AUTH)).contains("'alice'", "token valid");

        DocumentContext anonymous = check(console.register(lab, null), "public/hello");
        assertThat(anonymous.<Boolean>read("$.ok")).as(anonymous.jsonString()).isTrue();
        assertThat(detail(anonymous, StepName.AUTH)).contains("anonymous");
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void basicAuthFailures(@Use(Variant.TLS_BASIC) LabRegistry lab) {
        DocumentContext wrong = check(console.register(lab, LabConsole.basic("tester", "not-the-password")));
        assertFailed(wrong, "AUTH_INVALID_CREDENTIALS", StepName.AUTH, "HTTP Basic");
        assertThat(wrong.<String>read("$.remediation")).contains("'tester'");
        assertThat(wrong.jsonString()).doesNotContain("not-the-password");

        assertFailed(check(console.register(lab, null)), "AUTH_REQUIRED", StepName.AUTH, "Store a credential");

        // an identity token sent to a Basic-only registry
        DocumentContext token = check(console.register(lab, LabConsole.token("tester", "some-identity-token")));
        assertFailed(token, "AUTH_INVALID_CREDENTIALS", StepName.AUTH, "only speaks HTTP Basic");
    }

    @Test
    void tokenAuthFailures(@Use(Variant.TOKEN) LabRegistry lab) {
        DocumentContext wrong = check(console.register(lab, LabConsole.basic("alice", "wrong-password")));
        assertFailed(wrong, "AUTH_INVALID_CREDENTIALS", StepName.AUTH, "token service rejected the password of 'alice'");

        // the registry cannot tell "expired" from "wrong"; the stored expiry date can
        DocumentContext lapsed = check(console.register(lab,
            LabConsole.basic("alice", "old-password", Instant.now().minus(Duration.ofDays(2)))));
        assertFailed(lapsed, "AUTH_TOKEN_EXPIRED", StepName.AUTH, "has expired");
        assertThat(status(lapsed, StepName.CONFIG)).isEqualTo("WARN");
        assertThat(detail(lapsed, StepName.CONFIG)).contains("expired on");

        // an identity token that is a JWT past its exp
        DocumentContext expired = check(console.register(lab, LabConsole.token("alice", expiredJwt())));
        assertFailed(expired, "AUTH_TOKEN_EXPIRED", StepName.AUTH, "has expired");

        DocumentContext denied = check(console.register(lab, LabConsole.basic(RegistryLab.TOKEN_READER.username(),
            RegistryLab.TOKEN_READER.password())), "private/secret");
        assertFailed(denied, "ACCESS_DENIED", StepName.REPOSITORY, "may not pull private/secret");
        assertThat(status(denied, StepName.AUTH)).isEqualTo("PASS");

        assertFailed(check(console.register(lab, null), "private/secret"), "AUTH_REQUIRED", StepName.REPOSITORY, "Store a credential");
    }

    static String expiredJwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().minus(Duration.ofDays(3)).getEpochSecond();
        String claims = b64.encodeToString(("{\"sub\":\"alice\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".c2lnbmF0dXJl";
    }

    @Test
    void credentialsAreNotSentToAPlainHttpTokenService(@Use(Variant.TOKEN_PLAIN_HTTP_REALM) LabRegistry lab) {
        DocumentContext report = check(console.register(lab));
        assertFailed(report, "BLOCKED_BY_POLICY", StepName.AUTH, "https:// realm");
    }

    // ------------------------------------------------------------------ repositories

    @Test
    void repositoryFailures(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        assertFailed(check(id, "library/no-such-image"), "REPOSITORY_NOT_FOUND", StepName.REPOSITORY, "does not exist");
        DocumentContext invalid = check(id, "Library/Alpine:3");
        assertFailed(invalid, "INVALID_REFERENCE", StepName.REPOSITORY, "lowercase");
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void certificateDefects(@Use(Variant.EXPIRED_CERT) LabRegistry expired, @Use(Variant.WRONG_HOST_CERT) LabRegistry wrongHost,
                            @Use(Variant.UNTRUSTED_CERT) LabRegistry untrusted, RegistryLab registryLab) {
        assertFailed(check(console.register(expired)), "TLS_EXPIRED", StepName.TLS, "Renew");
        DocumentContext mismatch = check(console.register(wrongHost));
        assertFailed(mismatch, "TLS_HOSTNAME_MISMATCH", StepName.TLS, "subjectAltName");
        assertThat(mismatch.<String>read("$.summary")).contains("registry.wrong-host.invalid");

        String url = untrusted.baseUrl().toString();
        assertFailed(check(console.register("untrusted", url, false, null, null)), "TLS_UNTRUSTED", StepName.TLS, "Add the certificate");
        assertFailed(check(console.register("untrusted", url, false, registryLab.caPem(), null)), "TLS_UNTRUSTED", StepName.TLS,
            "not signed by the CA stored");
        assertThat(check(console.register(untrusted)).<Boolean>read("$.ok")).as("with its own certificate as CA").isTrue();
    }

    @Test
    void insecureSkipsVerificationButWarns(@Use(Variant.EXPIRED_CERT) LabRegistry expired) {
        DocumentContext report = check(console.register("expired", expired.baseUrl().toString(), true, null, null));

        assertThat(report.<Boolean>read("$.ok")).as(report.jsonString()).isTrue();
        assertThat(status(report, StepName.CONFIG)).isEqualTo("WARN");
        assertThat(status(report, StepName.TLS)).isEqualTo("WARN");
        assertThat(detail(report, StepName.TLS)).contains("NOT verified", "TLS_EXPIRED");
        assertThat(report.<String>read("$.summary")).contains("2 warnings");
        assertThat(report.<String>read("$.remediation")).contains("CA certificate");
    }

    @Test
    void protocolMixUps(@Use(Variant.ANONYMOUS) LabRegistry plain, @Use(Variant.TLS_BASIC) LabRegistry tls) {
        DocumentContext httpsToPlain = check(console.register("plain", "https://" + plain.hostPort(), false, null, null));
        assertFailed(httpsToPlain, "TLS_PROTOCOL_MISMATCH", StepName.TLS, "answers plain HTTP on the port you marked https");

        DocumentContext plainToTls = check(console.register("tls", "http://" + tls.hostPort(), true, null, null));
        assertFailed(plainToTls, "TLS_PROTOCOL_MISMATCH", StepName.API, "change the URL to https://");
    }

    // ------------------------------------------------------------------ reachability

    @Test
    void unreachableAddresses() {
        int closed = Loopback.closedPort();
        assertFailed(check(console.register("closed", "http://127.0.0.1:" + closed, true, null, null)), "CONNECTION_REFUSED", StepName.TCP,
            "Nothing listens on 127.0.0.1:" + closed);

        assertFailed(check(console.register("nxdomain", "https://registry.no-such-host.invalid", false, null, null)), "DNS_FAILURE",
            StepName.DNS, "does not resolve");

        DocumentContext blocked = check(console.register("denied", "http://127.0.0.2:" + closed, true, null, null));
        assertFailed(blocked, "BLOCKED_BY_POLICY", StepName.DNS, "CONSOLE_OUTBOUND_ALLOW");
        assertThat(blocked.<String>read("$.summary")).contains("127.0.0.2/32");

        try (Loopback.BlackHole hole = new Loopback.BlackHole()) {
            assertFailed(check(console.register("silent", "http://127.0.0.1:" + hole.port(), true, null, null)), "CONNECT_TIMEOUT",
                StepName.TCP, "firewall");
        }
    }

    @Test
    void aWebSiteIsNotARegistry(@TempDir Path dir) {
        try (StaticSite site = StaticSite.start(dir)) {
            DocumentContext report = check(console.register("intranet", site.url(), true, null, null));
            assertFailed(report, "NOT_A_REGISTRY", StepName.API, "not with the registry API at /v2/");
            assertThat(status(report, StepName.TCP)).isEqualTo("PASS");
        }
    }

    // ------------------------------------------------------------------ what only a fake shows

    @Test
    void rateLimitedWithItsNumbers() {
        try (FakeRegistryServer limiter = FakeRegistryServer.answering(429, Map.of("ratelimit-limit", "100;w=21600",
            "ratelimit-remaining", "0;w=21600"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"pull rate limit\"}]}")) {
            long id = console.register("limited", limiter.url(), true, null, null);
            DocumentContext report = check(id, "library/nginx");
            assertFailed(report, "RATE_LIMITED", StepName.REPOSITORY, "limit 100, remaining 0 per 21600 s");
            assertThat(report.<String>read("$.remediation")).contains("store a credential");
        }
    }

    @Test
    void serverErrors() {
        try (FakeRegistryServer broken = FakeRegistryServer.answering(500, Map.of(),
            "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"storage backend unavailable\"}]}")) {
            DocumentContext report = check(console.register("broken", broken.url(), true, null, null), "library/nginx");
            assertFailed(report, "SERVER_ERROR", StepName.REPOSITORY, "registry's log");
            assertThat(detail(report, StepName.REPOSITORY)).contains("storage backend unavailable");
        }
    }

    // ------------------------------------------------------------------ many at once

    @Test
    @WithMockUser(roles = "ADMIN")
    void manyRegistriesAtOnceHalfOfThemSilent(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        List<Loopback.BlackHole> holes = new java.util.ArrayList<>();
        try {
            List<Long> ids = new java.util.ArrayList<>();
            List<Long> silent = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(console.register(lab));
                Loopback.BlackHole hole = new Loopback.BlackHole();
                holes.add(hole);
                long id = console.register("silent", "http://127.0.0.1:" + hole.port(), true, null, null);
                ids.add(id);
                silent.add(id);
            }
            MvcTestResult result = mvc.post().uri("/api/v1/registries/checks").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"registryIds\": " + ids + "}").exchange();
            assertThat(result).hasStatusOk();
            DocumentContext all = JsonPath.parse(body(result));
            assertThat(all.<List<Integer>>read("$[*].registryId")).containsExactlyElementsOf(ids.stream().map(Long::intValue).toList());
            for (int i = 0; i < ids.size(); i++) {
                boolean isSilent = silent.contains(ids.get(i));
                assertThat(all.<Boolean>read("$[" + i + "].report.ok")).isEqualTo(!isSilent);
                if (isSilent) {
                    assertThat(all.<String>read("$[" + i + "].report.category")).isEqualTo("CONNECT_TIMEOUT");
                }
            }
            String name = registryService.get(ids.get(0)).name();
            String metrics = body(mvc.get().uri("/actuator/prometheus").exchange());
            assertThat(metrics).contains("console_check_duration_seconds_count{environment=\"none\",outcome=\"ok\",phase=\"total\",registry=\""
                + name + "\"} 1");
        } finally {
            holes.forEach(Loopback.BlackHole::close);
        }
    }

    // ------------------------------------------------------------------ the API around it

    @Test
    void unknownRegistryIs404AndAMisspelledFieldIs400() {
        assertThat(mvc.post().uri("/api/v1/registries/{id}/check", 999_999).with(csrf()).exchange())
            .hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        long id = console.register("x", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        assertThat(mvc.post().uri("/api/v1/registries/{id}/check", id).with(csrf()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"repo\": \"library/nginx\"}").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }
}
