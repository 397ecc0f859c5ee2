package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManifestResolutionTest {

    private FakeRegistry registry;
    private RegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        client = RegistryClient.create(registry.endpoint(Credentials.anonymous()), ClientOptions.defaults(), OutboundPolicy.defaults());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void resolvesASingleImageAndReportsItsDigest() {
        FakeRegistry.Image image = registry.image("team/app", "1.0", "linux", "amd64", FakeRegistry.random(100, 1), FakeRegistry.random(200, 2));

        ResolvedManifest m = client.resolve(registry.ref("team/app:1.0"), Platform.LINUX_AMD64);

        assertThat(m.digest()).isEqualTo(image.manifestDigest());
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.indexDigest()).isEmpty();
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(100L, 200L);
        assertThat(m.contentBytes()).isEqualTo(300 + image.config().size());
        assertThat(m.timings()).extracting(PhaseTiming::phase).contains(Phase.DNS, Phase.CONNECT, Phase.PING, Phase.MANIFEST);
        // every manifest request states the four types explicitly
        assertThat(registry.seen("/manifests/")).allSatisfy(s -> assertThat(s.accept())
                .contains(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST_V2));
    }

    @Test
    void headGivesDigestWithoutDownloading() {
        FakeRegistry.Image image = registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        ManifestHead head = client.head(registry.ref("app:1"));
        assertThat(head.digest()).contains(image.manifestDigest());
        assertThat(head.size()).isEqualTo(image.manifest().length);
        assertThat(registry.seen("/manifests/")).extracting(FakeRegistry.Seen::method).containsExactly("HEAD");
    }

    @Test
    void choosesThePlatformFromAnIndex() {
        FakeRegistry.Image amd = registry.image("multi", null, MediaTypes.OCI_MANIFEST, "linux", "amd64", "", FakeRegistry.random(10, 1));
        FakeRegistry.Image arm = registry.image("multi", null, MediaTypes.OCI_MANIFEST, "linux", "arm64", "v8", FakeRegistry.random(20, 2));
        Digest index = registry.index("multi", "1", MediaTypes.OCI_INDEX, FakeRegistry.platforms("linux/amd64", amd, "linux/arm64/v8", arm));

        ResolvedManifest m = client.resolve(registry.ref("multi:1"), Platform.parse("linux/aarch64"));

        assertThat(m.digest()).isEqualTo(arm.manifestDigest());
        assertThat(m.indexDigest()).contains(index);
        assertThat(m.indexMediaType()).contains(MediaTypes.OCI_INDEX);
        assertThat(m.platform()).contains(Platform.parse("linux/arm64"));
        assertThat(m.platforms()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
        assertThat(client.resolve(registry.ref("multi:1"), Platform.LINUX_AMD64).digest()).isEqualTo(amd.manifestDigest());
        assertThatThrownBy(() -> client.resolve(registry.ref("multi:1"), Platform.parse("linux/ppc64le")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.PLATFORM_NOT_FOUND))
                .hasMessageContaining("linux/amd64, linux/arm64");
    }

    @Test
    void resolvesDockerManifestListsAndSchema2() {
        FakeRegistry.Image amd = registry.image("d", null, MediaTypes.DOCKER_MANIFEST_V2, "linux", "amd64", "", FakeRegistry.random(10, 1));
        registry.index("d", "list", MediaTypes.DOCKER_MANIFEST_LIST, FakeRegistry.platforms("linux/amd64", amd));
        ResolvedManifest m = client.resolve(registry.ref("d:list"), Platform.LINUX_AMD64);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_V2);
        assertThat(m.indexMediaType()).contains(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(m.digest()).isEqualTo(amd.manifestDigest());
    }

    @Test
    void verifiesTheBodyWhenPulledByDigest() {
        FakeRegistry.Image image = registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        ImageReference byDigest = registry.ref("app@" + image.manifestDigest());
        assertThat(client.resolve(byDigest, Platform.LINUX_AMD64).digest()).isEqualTo(image.manifestDigest());

        // the registry serves other bytes under that digest (and does not send Docker-Content-Digest)
        registry.interceptor = (ex, path) -> {
            if (path.contains("/manifests/sha256:")) {
                FakeRegistry.send(ex, 200, MediaTypes.OCI_MANIFEST, new String(image.manifest(), StandardCharsets.UTF_8)
                        .replace("}", " }").getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> client.resolve(byDigest, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.DIGEST_MISMATCH));
    }

    @Test
    void comparesDockerContentDigest() {
        FakeRegistry.Image image = registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        registry.interceptor = (ex, path) -> {
            if (path.endsWith("/manifests/1")) {
                ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(new byte[] {1}).toString());
                FakeRegistry.send(ex, 200, MediaTypes.OCI_MANIFEST, image.manifest());
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains("Docker-Content-Digest");
                });
    }

    @Test
    void recognisesSchema1() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"old\",\"tag\":\"1\",\"architecture\":\"amd64\",\"fsLayers\":[],\"history\":[]}";
        registry.putManifest("old", "1", MediaTypes.DOCKER_MANIFEST_V1_SIGNED, schema1.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.resolve(registry.ref("old:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.UNSUPPORTED_MANIFEST))
                .hasMessageContaining("schema 1");
    }

    @Test
    void capsManifestSize() {
        RegistryClient small = RegistryClient.create(registry.endpoint(Credentials.anonymous()),
                ClientOptions.builder().maxManifestBytes(2048).build(), OutboundPolicy.defaults());
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"annotations\":{\"x\":\"");
        sb.append("a".repeat(5000)).append("\"}}");
        registry.putManifest("big", "1", MediaTypes.OCI_MANIFEST, sb.toString().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> small.resolve(registry.ref("big:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.TOO_LARGE));
        // without Content-Length (chunked) the cap is enforced while reading
        registry.interceptor = (ex, path) -> {
            if (path.endsWith("/manifests/1")) {
                ex.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
                ex.sendResponseHeaders(200, 0);
                try (var out = ex.getResponseBody()) {
                    for (int i = 0; i < 100; i++) {
                        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException expected) {
                    // the client hangs up once it has read past its cap
                }
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> small.resolve(registry.ref("big:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.TOO_LARGE));
    }

    @Test
    void distinguishesMissingRepositoryFromMissingTag() {
        registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        assertThatThrownBy(() -> client.resolve(registry.ref("app:2"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.MANIFEST_NOT_FOUND);
                    assertThat(e.registryErrorCode()).contains("MANIFEST_UNKNOWN");
                    assertThat(e.httpStatus()).hasValue(404);
                    assertThat(e.request()).hasValueSatisfying(r -> assertThat(r).startsWith("GET http://127.0.0.1:").endsWith("/v2/app/manifests/2"));
                });
        assertThatThrownBy(() -> client.resolve(registry.ref("nope:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.REPOSITORY_NOT_FOUND));
        // HEAD has no error body: the client asks again with GET to tell the two apart
        assertThatThrownBy(() -> client.head(registry.ref("nope:1")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.REPOSITORY_NOT_FOUND));
        assertThatThrownBy(() -> client.head(registry.ref("app:2")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.MANIFEST_NOT_FOUND));
    }

    @Test
    void listsTagsAndChecksRepositories() {
        registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        registry.image("app", "2", "linux", "amd64", FakeRegistry.random(10, 2));
        assertThat(client.listTags("app", 10)).containsExactly("1", "2");
        assertThat(client.checkRepository("app").sampleTag()).contains("1");
        assertThatThrownBy(() -> client.checkRepository("missing"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.REPOSITORY_NOT_FOUND));
        assertThatThrownBy(() -> client.checkRepository("Bad:Name"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.INVALID_REFERENCE));
    }

    @Test
    void pingRecognisesWhatIsNotARegistry() throws Exception {
        PingResult ok = client.ping();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.apiVersion()).contains("registry/2.0");

        registry.interceptor = (ex, path) -> {
            FakeRegistry.send(ex, 200, "text/html", "<html><title>Welcome to nginx!</title></html>".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThatThrownBy(() -> client.ping())
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.NOT_A_REGISTRY));
        registry.interceptor = (ex, path) -> {
            FakeRegistry.send(ex, 404, "text/html", "<html><title>404 Not Found</title></html>".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThatThrownBy(() -> client.ping())
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.NOT_A_REGISTRY);
                    assertThat(e.registryErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("404 Not Found"));
                });
    }

    @Test
    void reportsNonJsonServerErrorsReadably() {
        registry.image("app", "1", "linux", "amd64", FakeRegistry.random(10, 1));
        client.ping();
        registry.interceptor = (ex, path) -> {
            if (path.contains("/manifests/")) {
                FakeRegistry.send(ex, 500, "text/html", ("<html><head><title>500 Internal Server Error</title></head><body>"
                        + "x".repeat(100_000) + "</body></html>").getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.SERVER_ERROR);
                    assertThat(e.registryErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("500 Internal Server Error"));
                    assertThat(e.phase()).contains(Phase.MANIFEST);
                });
        assertThat(registry.seen("/manifests/")).hasSize(1); // a 500 is not retried
    }

    @SuppressWarnings("unused")
    private static Map<String, FakeRegistry.Image> none() {
        return Map.of();
    }
}
