package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.ImageWriter;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryProxy;

/**
 * Replications through the REST API between the lab's real registries (plain HTTP, TLS + Basic, token auth, on
 * either side). Every copied tag is checked with {@code skopeo inspect --raw} on the target (sha256 of the raw bytes
 * equals the source's digest); the request log of a proxy in front of a target shows what was sent.
 */
@ConsoleLabTest
@Tag("db")
class ReplicationApiTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables().emptyingFirst("replication_image", "replication", "replication_rule");

    // ------------------------------------------------------------------ helpers

    static String fresh(String what) {
        return "repl-" + what + "-" + Long.toHexString(System.nanoTime());
    }

    MvcTestResult post(String json) {
        return mvc.post().uri("/api/v1/replications").contentType(MediaType.APPLICATION_JSON).content(json).with(csrf()).exchange();
    }

    /** Starts a replication and waits (polling, no time bound in the assertion) until it finished. */
    DocumentContext replicate(long source, long target, List<String> repositories, String extra) {
        String json = "{\"sourceRegistryId\": " + source + ", \"targetRegistryId\": " + target + ", \"repositories\": "
            + repositories.stream().map(r -> "\"" + r + "\"").toList() + (extra.isEmpty() ? "" : ", " + extra) + "}";
        MvcTestResult started = post(json);
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        String location = started.getResponse().getHeader("Location");
        assertThat(location).matches(".*/api/v1/replications/\\d+$");
        String path = location.substring(location.indexOf("/api/"));
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            DocumentContext view = JsonPath.parse(body(mvc.get().uri(path).exchange()));
            String status = view.read("$.status");
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return view;
            }
            assertThat(System.nanoTime()).as("replication still " + status + " after 10 minutes").isLessThan(deadline);
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String rawDigest(RegistryLab lab, LabRegistry registry, String repoTag) {
        try {
            byte[] raw = lab.skopeo().inspectRaw(registry, repoTag).getBytes(StandardCharsets.UTF_8);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long proxied(RegistryProxy proxy) {
        return console.register("proxy", proxy.baseUrl().toString(), true, null, null);
    }

    /** Seeds a repository of our own (the lab's standard ones are shared) with a multi-arch index and its cosign signature tag. */
    String seedSignedIndex(RegistryLab lab, LabRegistry registry) throws Exception {
        String repo = fresh("src") + "/app";
        LabImage index = lab.images().get(RegistryLab.MULTI_ARCH);
        lab.seed(registry, repo + ":1.0", index);
        lab.seed(registry, repo + ":1.1", lab.images().get(RegistryLab.ALPINE));
        ImageWriter writer = ImageWriter.create(Files.createTempDirectory(lab.runDir(), "sig"));
        var payload = writer.layer(ImageWriter.Format.OCI, false, List.of(ImageWriter.LayerFile.text("payload.json",
            "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + index.digest() + "\"},\"type\":\"cosign container image signature\"}}")));
        var manifest = writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "amd64", null), List.of(payload), Map.of());
        String sigTag = index.digest().replace(':', '-') + ".sig";
        lab.seed(registry, repo + ":" + sigTag, writer.tag(manifest, "sig"));
        return repo;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void copiesEveryTagWithItsSignatureAndAReSyncSendsNoBlob(RegistryLab lab) throws Exception {
        LabRegistry source = lab.tlsBasic();
        String repo = seedSignedIndex(lab, source);
        LabRegistry anonymous = lab.anonymous();
        String prefix = fresh("dst") + "/";
        try (RegistryProxy proxy = RegistryProxy.start(anonymous.baseUrl())) {
            long src = console.register(source);
            long dst = proxied(proxy);
            DocumentContext first = replicate(src, dst, List.of(repo, "docker/list"), "\"targetPrefix\": \"" + prefix + "\"");
            assertThat(first.<String>read("$.status")).as(first.jsonString()).isEqualTo("SUCCEEDED");
            List<Map<String, Object>> images = first.read("$.images");
            assertThat(images).hasSize(4); // 1.0, 1.1, the signature of 1.0, docker/list:1.0
            assertThat(images).allSatisfy(i -> assertThat(i.get("outcome")).isEqualTo("COPIED"));
            for (Map<String, Object> image : images) {
                String ref = prefix + image.get("repository") + ":" + image.get("tag");
                assertThat(rawDigest(lab, anonymous, ref)).as(ref).isEqualTo(image.get("digest"))
                    .isEqualTo(rawDigest(lab, source, image.get("repository") + ":" + image.get("tag")));
            }
            String indexDigest = source.image(repo + ":1.0").digest();
            assertThat(images).anySatisfy(i -> {
                assertThat(i.get("tag")).isEqualTo(indexDigest.replace(':', '-') + ".sig");
                assertThat(i.get("referrerOf")).isEqualTo(indexDigest);
            });
            assertThat(first.<Integer>read("$.bytesCopied")).isPositive();
            // the target listed neither repository (new under the prefix): no tag of it was asked for with a HEAD
            assertThat(proxy.requests()).filteredOn(r -> r.startsWith("HEAD ") && r.contains("/manifests/")).isEmpty();
            assertThat(proxy.requests()).filteredOn(r -> r.contains("/tags/list")).hasSize(2);

            int mark = proxy.mark();
            DocumentContext second = replicate(src, dst, List.of(repo, "docker/list"), "\"targetPrefix\": \"" + prefix + "\"");
            assertThat(second.<String>read("$.status")).isEqualTo("SUCCEEDED");
            List<String> outcomes = second.read("$.images[*].outcome");
            assertThat(outcomes).hasSize(4).containsOnly("UP_TO_DATE");
            List<String> sent = proxy.requestsSince(mark);
            assertThat(RegistryProxy.blobUploads(sent)).isEmpty();
            assertThat(sent).filteredOn(r -> !r.startsWith("HEAD ") && !r.equals("GET /v2/") && !r.contains("/tags/list")).isEmpty();
            assertThat(sent).filteredOn(r -> r.startsWith("HEAD ")).hasSize(4); // one HEAD per tag on the target
            assertThat(sent).filteredOn(r -> r.contains("/tags/list")).hasSize(2); // and one tag list per repository

            long audited = jdbc.queryForObject("select count(*) from audit_event where entity_type = 'REPLICATION'", Long.class);
            assertThat(audited).isEqualTo(2);

            // a second signature of the unchanged index (cosign rewrites its .sig tag): only the signature is copied
            String sigTag = indexDigest.replace(':', '-') + ".sig";
            ImageWriter writer = ImageWriter.create(Files.createTempDirectory(lab.runDir(), "sig2"));
            var payload = writer.layer(ImageWriter.Format.OCI, false, List.of(ImageWriter.LayerFile.text("payload.json",
                "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + indexDigest + "\"},\"type\":\"cosign container image signature\"},"
                    + "\"optional\":{\"second\":\"yes\"}}")));
            var manifest = writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "amd64", null), List.of(payload), Map.of());
            lab.seed(source, repo + ":" + sigTag, writer.tag(manifest, "sig"));
            DocumentContext third = replicate(src, dst, List.of(repo, "docker/list"), "\"targetPrefix\": \"" + prefix + "\"");
            List<Map<String, Object>> again = third.read("$.images");
            assertThat(again).hasSize(4).allSatisfy(i -> assertThat(i.get("outcome"))
                .isEqualTo(sigTag.equals(i.get("tag")) ? "COPIED" : "UP_TO_DATE"));
            assertThat(rawDigest(lab, anonymous, prefix + repo + ":" + sigTag)).isEqualTo(rawDigest(lab, source, repo + ":" + sigTag))
                .isNotEqualTo(images.stream().filter(i -> sigTag.equals(i.get("tag"))).findFirst().orElseThrow().get("digest"));
        }
    }

    @Test
    void aDryRunChangesNothing(RegistryLab lab) {
        LabRegistry anonymous = lab.anonymous();
        try (RegistryProxy proxy = RegistryProxy.start(anonymous.baseUrl())) {
            long src = console.register(lab.token());
            long dst = proxied(proxy);
            String prefix = fresh("dry") + "/";
            DocumentContext view = replicate(src, dst, List.of("multi/app", "tags/app"), "\"targetPrefix\": \"" + prefix + "\", \"dryRun\": true");
            assertThat(view.<String>read("$.status")).isEqualTo("SUCCEEDED");
            List<String> outcomes = view.read("$.images[*].outcome");
            assertThat(outcomes).hasSize(1 + RegistryLab.TAGS_APP_TAGS.size()).containsOnly("WOULD_COPY");
            assertThat(proxy.requests()).filteredOn(r -> !r.startsWith("HEAD ") && !r.startsWith("GET ")).isEmpty();
            assertThat(lab.skopeo().run(List.of("inspect", "--raw", "--tls-verify=false", "docker://" + anonymous.hostPort() + "/" + prefix
                + "multi/app:1.0")).ok()).isFalse();
        }
    }

    @Test
    void tokenAuthOnEitherSideAndOnePlatform(RegistryLab lab) {
        LabRegistry token = lab.token();
        LabRegistry basic = lab.tlsBasic();
        long tokenId = console.register(token);
        long basicId = console.register(basic);
        String prefix = fresh("tok") + "/";
        DocumentContext toToken = replicate(basicId, tokenId, List.of("multi/app"), "\"targetPrefix\": \"" + prefix + "\", \"tags\": \"^1\\\\.0$\"");
        assertThat(toToken.<String>read("$.status")).as(toToken.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(rawDigest(lab, token, prefix + "multi/app:1.0")).isEqualTo(basic.image(RegistryLab.MULTI_ARCH).digest());

        String arm = fresh("arm") + "/";
        DocumentContext fromToken = replicate(tokenId, basicId, List.of("multi/app"), "\"targetPrefix\": \"" + arm + "\", \"platforms\": \"linux/arm64\"");
        assertThat(fromToken.<String>read("$.status")).as(fromToken.jsonString()).isEqualTo("SUCCEEDED");
        String armDigest = token.image(RegistryLab.MULTI_ARCH).manifest("linux/arm64/v8").digest();
        assertThat(fromToken.<String>read("$.images[0].digest")).isEqualTo(armDigest);
        assertThat(rawDigest(lab, basic, arm + "multi/app:1.0")).isEqualTo(armDigest);
    }

    @Test
    void aRefusedManifestAndADyingSourceFailTheirImagesWhileTheOthersCopy(RegistryLab lab) {
        LabRegistry anonymous = lab.anonymous();
        LabRegistry basic = lab.tlsBasic();
        String prefix = fresh("part") + "/";
        try (RegistryProxy target = RegistryProxy.start(anonymous.baseUrl()); RegistryProxy source = RegistryProxy.start(anonymous.baseUrl())) {
            target.refuseManifests(prefix + "docker/list", "TAG_INVALID");
            DocumentContext refused = replicate(console.register(basic), proxied(target), List.of("docker/list", "library/alpine-test"),
                "\"targetPrefix\": \"" + prefix + "\"");
            assertThat(refused.<String>read("$.status")).as(refused.jsonString()).isEqualTo("PARTIAL");
            assertThat(refused.<List<String>>read("$.images[?(@.repository == 'docker/list')].failure.category")).containsOnly("TARGET_REJECTED");
            assertThat(refused.<List<String>>read("$.images[?(@.repository == 'docker/list')].failure.message").get(0)).contains("TAG_INVALID");
            assertThat(refused.<List<String>>read("$.images[?(@.repository == 'docker/list')].failure.remediation").get(0)).contains("TAG_INVALID");
            assertThat(refused.<List<String>>read("$.images[?(@.repository == 'library/alpine-test')].outcome")).containsOnly("COPIED");
            assertThat(rawDigest(lab, anonymous, prefix + "library/alpine-test:3.19")).isEqualTo(anonymous.image(RegistryLab.ALPINE).digest());

            var schema2 = anonymous.image(RegistryLab.SCHEMA2).single().layers().get(0);
            source.cutBlob(schema2.digest(), schema2.size() / 2);
            String cutPrefix = fresh("cut") + "/";
            DocumentContext cut = replicate(proxied(source), console.register(basic), List.of("docker/schema2", "multi/app"),
                "\"targetPrefix\": \"" + cutPrefix + "\"");
            assertThat(cut.<String>read("$.status")).as(cut.jsonString()).isEqualTo("PARTIAL");
            assertThat(cut.<List<String>>read("$.images[?(@.repository == 'docker/schema2')].failure.category")).containsOnly("SIZE_MISMATCH");
            assertThat(cut.<List<String>>read("$.images[?(@.repository == 'multi/app')].outcome")).containsOnly("COPIED");
        }
    }

    @Test
    void aWrongTargetPasswordFailsWithTheAuthCategory(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        long dst = console.register(lab.tlsBasic(), LabConsole.basic("tester", "not-the-password"));
        DocumentContext view = replicate(src, dst, List.of("library/alpine-test"), "\"targetPrefix\": \"" + fresh("pw") + "/\"");
        assertThat(view.<String>read("$.status")).isEqualTo("FAILED");
        assertThat(view.<String>read("$.failure.category")).isEqualTo("AUTH_INVALID_CREDENTIALS");
        assertThat(view.<String>read("$.images[0].failure.message")).startsWith("target:").doesNotContain("not-the-password");
    }

    @Test
    @org.springframework.security.test.context.support.WithMockUser(roles = "ADMIN")
    void aRuleRunsAtOnceThenOncePerIntervalAndDeletingItStopsIt(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        long dst = console.register(lab.tlsBasic());
        String prefix = fresh("rule") + "/";
        MvcTestResult created = mvc.post().uri("/api/v1/replication-rules").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"name\": \"nightly\", \"interval\": \"PT1H\", \"sourceRegistryId\": " + src + ", \"targetRegistryId\": " + dst
                + ", \"repositories\": [\"library/alpine-test\"], \"targetPrefix\": \"" + prefix + "\"}").exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        long ruleId = ((Number) JsonPath.parse(body(created)).read("$.id")).longValue();
        long deadline = System.nanoTime() + 300_000_000_000L;
        Long replication = null;
        while (replication == null) {
            assertThat(System.nanoTime()).as("the rule's first run").isLessThan(deadline);
            sleep(200);
            replication = jdbc.query("select id from replication where rule_id = ? and status in ('SUCCEEDED', 'FAILED', 'PARTIAL')",
                (rs, n) -> rs.getLong(1), ruleId).stream().findFirst().orElse(null);
        }
        DocumentContext run = JsonPath.parse(body(mvc.get().uri("/api/v1/replications/{id}", replication).exchange()));
        assertThat(run.<String>read("$.status")).as(run.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(rawDigest(lab, lab.tlsBasic(), prefix + "library/alpine-test:3.19")).isEqualTo(lab.anonymous().image(RegistryLab.ALPINE).digest());
        // the next run is one interval away, held by db-scheduler in the shared table
        Long next = jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'replication-rule' and task_instance = ?",
            Long.class, String.valueOf(ruleId));
        assertThat(next).isEqualTo(1);
        assertThat(mvc.post().uri("/api/v1/replication-rules").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"name\": \"nightly\", \"interval\": \"PT1H\", \"sourceRegistryId\": " + src + ", \"targetRegistryId\": " + dst
                + ", \"repositories\": [\"library/alpine-test\"], \"targetPrefix\": \"x/\"}").exchange()).hasStatus(HttpStatus.CONFLICT);
        assertThat(mvc.delete().uri("/api/v1/replication-rules/{id}", ruleId).with(csrf()).exchange()).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'replication-rule'", Long.class)).isZero();
    }

    @Test
    void badInputIsAProblemAndStartsNothing(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        MvcTestResult result = post("{\"sourceRegistryId\": " + src + ", \"targetRegistryId\": 999999, \"repositories\": [], \"tags\": \"(\"}");
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        String problem = body(result);
        assertThat(JsonPath.parse(problem).<List<String>>read("$.errors[*].field")).contains("targetRegistryId", "repositories", "tags");
        assertThat(jdbc.queryForObject("select count(*) from replication", Long.class)).isZero();
    }

    @Test
    void aViewerMayReadButNotStart(RegistryLab lab) {
        MvcTestResult result = mvc.post().uri("/api/v1/replications").with(org.springframework.security.test.web.servlet.request
                .SecurityMockMvcRequestPostProcessors.user("v").roles("VIEWER")).contentType(MediaType.APPLICATION_JSON).content("{}")
            .with(csrf()).exchange();
        assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri("/api/v1/replications").with(org.springframework.security.test.web.servlet.request
            .SecurityMockMvcRequestPostProcessors.user("v").roles("VIEWER")).exchange()).hasStatusOk();
    }
}
