package io.registryconsole.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.TrustRequest;
import io.registryconsole.lab.CosignFixtures;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Test pulls through environments with a trust policy, against signatures made by openssl and pushed by curl in
 * cosign's layout to Debian's docker-registry: VERIFIED, SIGNATURE_MISSING, SIGNATURE_INVALID; and the policy's
 * input rules through the API.
 */
@Tag("db")
@ConsoleLabTest
class TrustPullTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EnvironmentService environmentService;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();
    CosignFixtures cosign;

    @BeforeEach
    void cosignFixtures() {
        cosign = new CosignFixtures(RegistryLab.get().runDir().resolve("trust-pull"));
    }

    long policyEnvironment(long registryId, CosignFixtures.KeyPair... trusted) {
        List<String> keys = java.util.Arrays.stream(trusted).map(CosignFixtures.KeyPair::publicPem).toList();
        return environmentService.create(new EnvironmentRequest("signed-" + System.nanoTime(), null, "linux/amd64", null, null,
            List.of(BindingRequest.primary(registryId)), null, new TrustRequest(true, keys))).id();
    }

    DocumentContext pull(String json) {
        MvcTestResult started = mvc.post().uri("/api/v1/pull-tests?wait=60").contentType(MediaType.APPLICATION_JSON).content(json)
            .with(csrf()).exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        String location = started.getResponse().getHeader("Location");
        MvcTestResult read = mvc.get().uri(location.substring(location.indexOf("/api/"))).exchange();
        DocumentContext stored = JsonPath.parse(body(read));
        assertThat(stored.<String>read("$.status")).as(stored.jsonString()).isIn("SUCCEEDED", "FAILED");
        return stored;
    }

    static String environmentPull(long env, String image, String extra) {
        return "{\"image\": \"" + image + "\", \"environmentId\": " + env + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signedImagesVerifyAndEverythingElseFailsWithASignatureCategory(@Use(Variant.ANONYMOUS) LabRegistry lab, RegistryLab registryLab) {
        long registry = console.register(lab);
        CosignFixtures.KeyPair key = cosign.ecKey("pull-trusted");
        CosignFixtures.KeyPair stranger = cosign.ecKey("pull-stranger");
        long env = policyEnvironment(registry, key);

        String signed = CosignFixtures.copy(registryLab, lab, RegistryLab.ALPINE, "trust/pull-signed:1");
        cosign.signAndPush(lab, "trust/pull-signed", signed, key);
        for (String mode : List.of("MANIFEST", "FULL")) {
            DocumentContext ok = pull(environmentPull(env, lab.hostPort() + "/trust/pull-signed:1", "\"mode\": \"" + mode + "\""));
            assertThat(ok.<String>read("$.status")).as(ok.jsonString()).isEqualTo("SUCCEEDED");
            assertThat(ok.<String>read("$.signature.status")).isEqualTo("VERIFIED");
            assertThat(ok.<String>read("$.signature.kind")).isEqualTo("COSIGN");
            assertThat(ok.<String>read("$.signature.detail")).contains(cosign.fingerprint(key));
        }

        String unsigned = CosignFixtures.copy(registryLab, lab, RegistryLab.ALPINE, "trust/pull-unsigned:1");
        DocumentContext missing = pull(environmentPull(env, lab.hostPort() + "/trust/pull-unsigned:1", ""));
        assertThat(missing.<String>read("$.failure.category")).as(missing.jsonString()).isEqualTo("SIGNATURE_MISSING");
        assertThat(missing.<String>read("$.failure.remediation")).contains("not a corrupt layer", "DIGEST_MISMATCH", "cosign sign");
        assertThat(missing.<String>read("$.signature.status")).isEqualTo("UNSIGNED");
        assertThat(unsigned).isEqualTo(signed);

        cosign.signAndPush(lab, "trust/pull-untrusted", CosignFixtures.copy(registryLab, lab, RegistryLab.ALPINE, "trust/pull-untrusted:1"),
            stranger);
        DocumentContext untrusted = pull(environmentPull(env, lab.hostPort() + "/trust/pull-untrusted:1", ""));
        assertThat(untrusted.<String>read("$.failure.category")).as(untrusted.jsonString()).isEqualTo("SIGNATURE_INVALID");
        assertThat(untrusted.<String>read("$.failure.remediation")).contains("another key", "DIGEST_MISMATCH");
        assertThat(untrusted.<String>read("$.signature.status")).isEqualTo("INVALID");
        assertThat(untrusted.<String>read("$.signature.kind")).isEqualTo("COSIGN");

        String tampered = CosignFixtures.copy(registryLab, lab, RegistryLab.ALPINE, "trust/pull-tampered:1");
        byte[] payload = CosignFixtures.payload(lab.hostPort() + "/trust/pull-tampered", tampered);
        String signature = cosign.sign(key, payload);
        byte[] changed = new String(payload, StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":{\"by\":\"mallory\"}")
            .getBytes(StandardCharsets.UTF_8);
        cosign.pushSignature(lab, "trust/pull-tampered", tampered, changed, signature);
        DocumentContext afterChange = pull(environmentPull(env, lab.hostPort() + "/trust/pull-tampered:1", ""));
        assertThat(afterChange.<String>read("$.failure.category")).as(afterChange.jsonString()).isEqualTo("SIGNATURE_INVALID");
        assertThat(afterChange.<String>read("$.signature.detail")).contains("payload changed after signing");

        String misdirected = CosignFixtures.copy(registryLab, lab, RegistryLab.ALPINE, "trust/pull-misdirected:1");
        String other = CosignFixtures.copy(registryLab, lab, RegistryLab.SCHEMA2, "trust/pull-misdirected:other");
        byte[] forOther = CosignFixtures.payload(lab.hostPort() + "/trust/pull-misdirected", other);
        cosign.pushSignature(lab, "trust/pull-misdirected", misdirected, forOther, cosign.sign(key, forOther));
        DocumentContext copied = pull(environmentPull(env, lab.hostPort() + "/trust/pull-misdirected:1", ""));
        assertThat(copied.<String>read("$.failure.category")).as(copied.jsonString()).isEqualTo("SIGNATURE_INVALID");
        assertThat(copied.<String>read("$.signature.detail")).contains("is for " + other);
    }

    @Test
    void anIndexSignatureCoversEachPlatform(@Use(Variant.ANONYMOUS) LabRegistry lab, RegistryLab registryLab) {
        long registry = console.register(lab);
        CosignFixtures.KeyPair key = cosign.ecKey("pull-index");
        long env = policyEnvironment(registry, key);
        String index = CosignFixtures.copy(registryLab, lab, RegistryLab.MULTI_ARCH, "trust/pull-index:1");
        cosign.signAndPush(lab, "trust/pull-index", index, key);

        DocumentContext arm = pull(environmentPull(env, lab.hostPort() + "/trust/pull-index:1", "\"platform\": \"linux/arm64\""));

        assertThat(arm.<String>read("$.status")).as(arm.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(arm.<String>read("$.signature.status")).isEqualTo("VERIFIED");
        assertThat(arm.<String>read("$.signature.detail")).startsWith("index " + index);
        assertThat(arm.<String>read("$.digest")).isNotEqualTo(index);
    }

    @Test
    void withoutAPolicyNothingIsCheckedAndSaidSo(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long registry = console.register(lab);
        long env = console.environment("plain", null, "linux/amd64", List.of(BindingRequest.primary(registry)));

        DocumentContext viaEnvironment = pull(environmentPull(env, lab.hostPort() + "/" + RegistryLab.ALPINE, ""));
        assertThat(viaEnvironment.<String>read("$.status")).isEqualTo("SUCCEEDED");
        assertThat(viaEnvironment.<String>read("$.signature.status")).isEqualTo("NOT_CHECKED");
        assertThat(viaEnvironment.<String>read("$.signature.detail")).contains("no trust policy");

        DocumentContext viaRegistry = pull("{\"image\": \"" + RegistryLab.ALPINE + "\", \"registryId\": " + registry + "}");
        assertThat(viaRegistry.<String>read("$.signature.status")).isEqualTo("NOT_CHECKED");
        assertThat(jdbc.queryForList("select signature_status from pull_test", String.class)).containsOnly("NOT_CHECKED");
    }

    @Test
    void thePlanFlagsAMirrorThatStripsSignatures(@Use(Variant.ANONYMOUS) LabRegistry upstream, @Use(Variant.TLS_BASIC) LabRegistry mirror,
                                                 RegistryLab registryLab) {
        CosignFixtures.KeyPair key = cosign.ecKey("plan-key");
        String digest = CosignFixtures.copy(registryLab, upstream, RegistryLab.ALPINE, "trust/plan-stripped:1");
        cosign.signAndPush(upstream, "trust/plan-stripped", digest, key);
        List<String> copy = new java.util.ArrayList<>(List.of("copy", "--preserve-digests"));
        copy.addAll(upstream.skopeoOptions("src-"));
        copy.addAll(mirror.skopeoOptions("dest-"));
        copy.add(upstream.dockerReference("trust/plan-stripped:1"));
        copy.add(mirror.dockerReference("trust/plan-stripped:1"));
        registryLab.skopeo().run(copy).stdoutOrThrow();
        long primary = console.register(upstream);
        long mirrorId = console.register(mirror);
        long env = environmentService.create(new EnvironmentRequest("stripped-" + System.nanoTime(), null, "linux/amd64", null, null,
            List.of(BindingRequest.primary(primary), BindingRequest.mirror(mirrorId, upstream.hostPort(), 0)), null,
            new TrustRequest(true, List.of(key.publicPem())))).id();

        MvcTestResult plan = mvc.post().uri("/api/v1/environments/" + env + "/plan").contentType(MediaType.APPLICATION_JSON)
            .content("{\"image\": \"" + upstream.hostPort() + "/trust/plan-stripped:1\"}").with(csrf()).exchange();

        assertThat(plan).hasStatusOk();
        DocumentContext view = JsonPath.parse(body(plan));
        assertThat(view.<List<String>>read("$.flags[?(@.code == 'SIGNATURES_STRIPPED')].message")).as(view.jsonString())
            .singleElement().asString().contains("tlsbasic").contains(digest);
        assertThat(view.<List<Integer>>read("$.flags[?(@.code == 'SIGNATURES_STRIPPED')].registryId")).containsExactly((int) mirrorId);

        cosign.signAndPush(mirror, "trust/plan-stripped", digest, key);
        DocumentContext again = JsonPath.parse(body(mvc.post().uri("/api/v1/environments/" + env + "/plan").contentType(MediaType.APPLICATION_JSON)
            .content("{\"image\": \"" + upstream.hostPort() + "/trust/plan-stripped:1\"}").with(csrf()).exchange()));
        assertThat(again.<List<String>>read("$.flags[*].code")).doesNotContain("SIGNATURES_STRIPPED");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void theApiTakesPemKeysShowsFingerprintsAndNeverDropsKeysByOmission(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long registry = console.register(lab);
        CosignFixtures.KeyPair ec = cosign.ecKey("api-ec");
        CosignFixtures.KeyPair rsa = cosign.rsaKey("api-rsa");
        String registries = "\"registries\": [{\"registryId\": " + registry + ", \"role\": \"PRIMARY\"}]";

        MvcTestResult bad = postEnvironment("{\"name\": \"bad-keys\", " + registries + ", \"trust\": {\"requireSignature\": true, "
            + "\"publicKeys\": [\"not a key\", " + json(ec.publicPem()) + "]}}");
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(bad)).contains("trust.publicKeys[0]").contains("BEGIN PUBLIC KEY");
        MvcTestResult noKeys = postEnvironment("{\"name\": \"no-keys\", " + registries + ", \"trust\": {\"requireSignature\": true}}");
        assertThat(noKeys).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(noKeys)).contains("trust.publicKeys");
        assertThat(jdbc.queryForObject("select count(*) from environment", Long.class)).isZero();

        MvcTestResult created = postEnvironment("{\"name\": \"trusted\", " + registries + ", \"trust\": {\"requireSignature\": true, "
            + "\"publicKeys\": [" + json(ec.publicPem()) + "]}}");
        assertThat(created).hasStatus(HttpStatus.CREATED);
        DocumentContext view = JsonPath.parse(body(created));
        assertThat(view.<String>read("$.trust.publicKeys[0].fingerprint")).isEqualTo(cosign.fingerprint(ec));
        assertThat(view.<String>read("$.trust.publicKeys[0].algorithm")).isEqualTo("ECDSA P-256");
        assertThat(body(created)).doesNotContain("BEGIN PUBLIC KEY");
        int id = view.read("$.id");

        // a PUT without trust keeps the policy
        MvcTestResult kept = put(id, "{\"name\": \"trusted\", " + registries + ", \"version\": " + view.read("$.version") + "}");
        assertThat(kept).hasStatusOk();
        DocumentContext afterKeep = JsonPath.parse(body(kept));
        assertThat(afterKeep.<Boolean>read("$.trust.requireSignature")).isTrue();
        assertThat(afterKeep.<List<String>>read("$.trust.publicKeys[*].fingerprint")).containsExactly(cosign.fingerprint(ec));

        // replacing the keys is explicit and audited
        MvcTestResult replaced = put(id, "{\"name\": \"trusted\", " + registries + ", \"version\": " + afterKeep.read("$.version")
            + ", \"trust\": {\"requireSignature\": true, \"publicKeys\": [" + json(rsa.publicPem()) + "]}}");
        assertThat(replaced).hasStatusOk();
        assertThat(JsonPath.parse(body(replaced)).<List<String>>read("$.trust.publicKeys[*].fingerprint")).containsExactly(cosign.fingerprint(rsa));
        List<String> audit = jdbc.queryForList("select before_json || after_json from audit_event where entity_type = 'ENVIRONMENT' "
            + "and action = 'UPDATE'", String.class);
        assertThat(String.join("\n", audit)).contains(cosign.fingerprint(rsa)).contains(cosign.fingerprint(ec));
    }

    MvcTestResult postEnvironment(String json) {
        return mvc.post().uri("/api/v1/environments").contentType(MediaType.APPLICATION_JSON).content(json).with(csrf()).exchange();
    }

    MvcTestResult put(int id, String json) {
        return mvc.put().uri("/api/v1/environments/" + id).contentType(MediaType.APPLICATION_JSON).content(json).with(csrf()).exchange();
    }

    static String json(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
