package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;

/**
 * Foreign (non-distributable) layers, those a manifest lists with {@code urls} (Windows base layers): the copy leaves
 * them out as skopeo does by default for a registry target, and the manifest goes up unchanged, so the image on the
 * target has the source's digest and pulls its foreign layer from the URLs as it did at the source. A target that
 * does not accept layer URLs refuses the manifest: the image fails with TARGET_REJECTED and the registry's code.
 */
@ExtendWith(RegistryLab.Extension.class)
class ForeignLayerCopyTest {

    private static final String FOREIGN = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** docker-registry refuses manifests with layer URLs unless they match an allow list; these are loopback only. */
    private static final String ALLOW_URLS = "validation:\n  manifests:\n    urls:\n      allow:\n        - ^https://127\\.0\\.0\\.1[:/]\n";

    @Test
    void aForeignLayerIsLeftOutAndTheImageKeepsItsDigest(RegistryLab lab) throws Exception {
        LabRegistry source = lab.emptyRegistry("foreign-src", ALLOW_URLS);
        LabRegistry target = lab.emptyRegistry("foreign-dst", ALLOW_URLS);
        HttpClient http = HttpClient.newHttpClient();
        try {
            String repo = "win/app";
            Digest expected = seedWithForeignLayer(http, source, repo);
            try (ImageCopier copier = new ImageCopier(LabClients.client(source), LabClients.client(target), ImageCopier.Options.defaults())) {
                ImageCopier.CopyResult result = copier.copy(repo, "1.0", repo, "1.0", Optional.empty(), null);
                assertThat(result.digest()).isEqualTo(expected);
                assertThat(result.blobsCopied()).isEqualTo(2); // the config and the distributable layer, not the foreign one
            }
            assertThat(LabClients.skopeoRawDigest(lab, target, repo + ":1.0")).isEqualTo(expected);
            assertThat(status(http, target, repo + "/blobs/" + FOREIGN_DIGEST)).isEqualTo(404);

            // a target that refuses layer URLs (docker-registry by default: 500 UNKNOWN) refuses the manifest: TARGET_REJECTED that says why
            LabRegistry strict = lab.anonymous();
            String strictRepo = "foreign-" + Long.toHexString(System.nanoTime()) + "/app";
            try (ImageCopier copier = new ImageCopier(LabClients.client(source), LabClients.client(strict), ImageCopier.Options.defaults())) {
                assertThatThrownBy(() -> copier.copy(repo, "1.0", strictRepo, "1.0", Optional.empty(), null))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.category()).isEqualTo(Category.TARGET_REJECTED);
                        assertThat(e.getMessage()).contains("1 foreign (non-distributable) layer(s) by URL");
                    });
            }
        } finally {
            lab.discard(source);
            lab.discard(target);
        }
    }

    private static final String FOREIGN_DIGEST = "sha256:" + "ab".repeat(32);

    /** An image whose first layer is foreign (never uploaded: only its URL, on loopback, that nobody fetches). */
    private static Digest seedWithForeignLayer(HttpClient http, LabRegistry registry, String repo) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"windows\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
        byte[] layer = "a distributable layer".getBytes(StandardCharsets.UTF_8);
        String configDigest = upload(http, registry, repo, config);
        String layerDigest = upload(http, registry, repo, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
            + ",\"digest\":\"" + configDigest + "\"},\"layers\":["
            + "{\"mediaType\":\"" + FOREIGN + "\",\"size\":1024,\"digest\":\"" + FOREIGN_DIGEST
            + "\",\"urls\":[\"https://127.0.0.1:9/foreign/layer.tar.gz\"]},"
            + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length
            + ",\"digest\":\"" + layerDigest + "\"}]}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/" + repo + "/manifests/1.0"))
            .header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
            .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return Digest.parse(sha256(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    /** A monolithic upload (POST, then PUT with the digest); returns the digest. */
    private static String upload(HttpClient http, LabRegistry registry, String repo, byte[] bytes) throws Exception {
        String digest = sha256(bytes);
        HttpResponse<Void> post = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/" + repo + "/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(202);
        URI location = URI.create(registry.baseUrl() + "/").resolve(post.headers().firstValue("Location").orElseThrow());
        String sep = location.toString().contains("?") ? "&" : "?";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
            .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return digest;
    }

    private static int status(HttpClient http, LabRegistry registry, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/" + path))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
