package io.registryconsole.distribution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Clients of lab registries, and what skopeo (the reference client) says about their images. */
final class LabClients {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private LabClients() {
    }

    static ClientOptions options() {
        return ClientOptions.builder().retryBudget(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** A client with the registry's CA and its stored user (none for anonymous registries). */
    static RegistryClient client(LabRegistry registry) {
        return client(registry, registry.credentials().map(LabClients::credentials).orElse(Credentials.anonymous()));
    }

    static RegistryClient client(LabRegistry registry, Credentials credentials) {
        return RegistryClient.create(endpoint(registry, credentials), options(), OutboundPolicy.defaults());
    }

    static RegistryEndpoint endpoint(LabRegistry registry, Credentials credentials) {
        return RegistryEndpoint.of(registry.baseUrl().toString(), !registry.tls(), registry.caPem(), credentials);
    }

    static Credentials credentials(LabRegistry.Credentials c) {
        return Credentials.basic(c.username(), c.password());
    }

    static ImageReference ref(LabRegistry registry, String repoTag) {
        return ImageReference.parse(registry.reference(repoTag));
    }

    /** sha256 of the manifest bytes {@code skopeo inspect --raw} prints. */
    static Digest skopeoRawDigest(RegistryLab lab, LabRegistry registry, String reference) {
        return Digest.sha256(lab.skopeo().inspectRaw(registry, reference).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code skopeo inspect} for one platform: "Digest" and "Layers" as skopeo reports them. */
    static SkopeoView skopeoInspect(RegistryLab lab, LabRegistry registry, String reference, Platform platform) {
        List<String> args = new ArrayList<>(List.of("inspect", "--override-os", platform.os(), "--override-arch", platform.architecture()));
        if (!platform.variant().isEmpty()) {
            args.addAll(List.of("--override-variant", platform.variant()));
        } else if (platform.architecture().equals("arm64")) {
            args.addAll(List.of("--override-variant", "v8"));
        }
        args.addAll(registry.skopeoOptions(""));
        args.add(registry.dockerReference(reference));
        JsonNode json = JSON.readTree(lab.skopeo().run(args).stdoutOrThrow());
        List<String> layers = new ArrayList<>();
        json.get("Layers").forEach(l -> layers.add(l.asString()));
        return new SkopeoView(Digest.parse(json.get("Digest").asString()), json.get("Architecture").asString(), layers);
    }

    record SkopeoView(Digest digest, String architecture, List<String> layers) {
    }

    /** The digest of the platform's entry in an index as skopeo reads the index. */
    static Digest skopeoIndexEntry(RegistryLab lab, LabRegistry registry, String reference, Platform platform) {
        JsonNode index = JSON.readTree(lab.skopeo().inspectRaw(registry, reference));
        for (JsonNode m : index.get("manifests")) {
            JsonNode p = m.get("platform");
            Platform candidate = new Platform(p.get("os").asString(), p.get("architecture").asString(),
                    p.has("variant") ? p.get("variant").asString() : "");
            if (candidate.equals(platform)) {
                return Digest.parse(m.get("digest").asString());
            }
        }
        throw new AssertionError("skopeo sees no " + platform + " in " + reference);
    }
}
