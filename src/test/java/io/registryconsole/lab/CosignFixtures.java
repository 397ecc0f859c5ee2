package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/**
 * Signatures made WITHOUT the console's code, the way cosign lays them out: keys and signatures from the
 * {@code openssl} CLI, blobs and manifests pushed with {@code curl}. A cosign signature is an OCI image manifest tagged
 * {@code sha256-<hex>.sig} whose layer (media type {@code application/vnd.dev.cosign.simplesigning.v1+json}) is the
 * simple-signing payload and carries the base64 signature in the annotation {@code dev.cosignproject.cosign/signature}
 * (cosign's SIGNATURE_SPEC.md). The payload is signed as it is, SHA-256 with the key (ECDSA: ASN.1 DER signature).
 */
public final class CosignFixtures {

    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final AtomicInteger FILES = new AtomicInteger();

    /** A private key file made by openssl and its public key in PEM. */
    public record KeyPair(Path privateKey, String publicPem) {
    }

    private final Path dir;
    private final Path openssl;
    private final Path curl;

    public CosignFixtures(Path dir) {
        this.openssl = Programs.require("openssl", "openssl");
        this.curl = Programs.require("curl", "curl");
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ keys and signatures (openssl)

    public KeyPair ecKey(String name) {
        Path key = dir.resolve(name + ".key");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        return new KeyPair(key, openssl("pkey", "-in", key.toString(), "-pubout"));
    }

    public KeyPair rsaKey(String name) {
        Path key = dir.resolve(name + ".key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        return new KeyPair(key, openssl("pkey", "-in", key.toString(), "-pubout"));
    }

    /** {@code openssl dgst -sha256 -sign}: PKCS#1 v1.5 for RSA, DER for ECDSA; base64 as cosign stores it. */
    public String sign(KeyPair key, byte[] payload) {
        Path in = temp(payload);
        Path out = dir.resolve("sig-" + FILES.incrementAndGet() + ".bin");
        openssl("dgst", "-sha256", "-sign", key.privateKey().toString(), "-out", out.toString(), in.toString());
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RSA-PSS (SHA-256, MGF1 SHA-256, salt as long as the digest) with openssl. */
    public String signPss(KeyPair key, byte[] payload) {
        Path in = temp(payload);
        Path out = dir.resolve("sig-" + FILES.incrementAndGet() + ".bin");
        openssl("dgst", "-sha256", "-sign", key.privateKey().toString(), "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest",
                "-out", out.toString(), in.toString());
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of the key's DER SubjectPublicKeyInfo, as {@code openssl pkey -pubin -outform DER | sha256sum} says. */
    public String fingerprint(KeyPair key) {
        Path der = dir.resolve("spki-" + FILES.incrementAndGet() + ".der");
        openssl("pkey", "-in", key.privateKey().toString(), "-pubout", "-outform", "DER", "-out", der.toString());
        String out = openssl("dgst", "-sha256", "-r", der.toString());
        return "sha256:" + out.strip().split("\\s+")[0];
    }

    /** cosign's simple-signing payload for an image digest. */
    public static byte[] payload(String dockerReference, String manifestDigest) {
        Map<String, Object> critical = new LinkedHashMap<>();
        critical.put("identity", Map.of("docker-reference", dockerReference));
        critical.put("image", Map.of("docker-manifest-digest", manifestDigest));
        critical.put("type", "cosign container image signature");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("critical", critical);
        root.put("optional", null);
        return JSON.writeValueAsBytes(root);
    }

    // ------------------------------------------------------------------ pushing (curl)

    /** Signs the image's digest with {@code key} and pushes the signature to {@code sha256-<hex>.sig}. */
    public String signAndPush(LabRegistry registry, String repository, String imageDigest, KeyPair key) {
        byte[] payload = payload(registry.hostPort() + "/" + repository, imageDigest);
        return pushSignature(registry, repository, imageDigest, payload, sign(key, payload));
    }

    /** Pushes a cosign signature manifest for {@code imageDigest} with this payload and signature, whatever they say. */
    public String pushSignature(LabRegistry registry, String repository, String imageDigest, byte[] payload, String signatureBase64) {
        String payloadDigest = pushBlob(registry, repository, payload);
        byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
                + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + payloadDigest + "\"]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = pushBlob(registry, repository, config);
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("mediaType", SIMPLE_SIGNING);
        layer.put("size", payload.length);
        layer.put("digest", payloadDigest);
        layer.put("annotations", Map.of(SIGNATURE_ANNOTATION, signatureBase64));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "size", config.length, "digest", configDigest));
        manifest.put("layers", List.of(layer));
        return pushManifest(registry, repository, cosignTag(imageDigest, "sig"), OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
    }

    /**
     * An OCI 1.1 artifact manifest (empty config, one layer) with {@code artifactType} and a subject, pushed by
     * digest; returns its descriptor as a referrers index lists it.
     */
    public Map<String, Object> pushArtifact(LabRegistry registry, String repository, String subjectDigest, String subjectMediaType,
                                            long subjectSize, String artifactType, byte[] content, Map<String, String> annotations) {
        String empty = pushBlob(registry, repository, "{}".getBytes(StandardCharsets.UTF_8));
        String layerDigest = pushBlob(registry, repository, content);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", Map.of("mediaType", OCI_EMPTY, "size", 2, "digest", empty));
        manifest.put("layers", List.of(Map.of("mediaType", "application/octet-stream", "size", content.length, "digest", layerDigest)));
        manifest.put("subject", Map.of("mediaType", subjectMediaType, "size", subjectSize, "digest", subjectDigest));
        manifest.put("annotations", annotations);
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        String digest = ImageWriter.sha256(bytes);
        pushManifest(registry, repository, digest, OCI_MANIFEST, bytes);
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", OCI_MANIFEST);
        descriptor.put("digest", digest);
        descriptor.put("size", bytes.length);
        descriptor.put("artifactType", artifactType);
        descriptor.put("annotations", annotations);
        return descriptor;
    }

    /** The referrers tag schema: an OCI index of these descriptors tagged {@code sha256-<hex>}. */
    public String pushReferrersIndex(LabRegistry registry, String repository, String subjectDigest, List<Map<String, Object>> descriptors) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", descriptors);
        return pushManifest(registry, repository, subjectDigest.replace(':', '-'), OCI_INDEX, JSON.writeValueAsBytes(index));
    }

    /** A one-layer OCI manifest under {@code tag} (cosign's {@code .att} / {@code .sbom} tags look like this). */
    public String pushTagged(LabRegistry registry, String repository, String tag, String layerMediaType, byte[] content) {
        String layerDigest = pushBlob(registry, repository, content);
        String empty = pushBlob(registry, repository, "{}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "size", 2, "digest", empty));
        manifest.put("layers", List.of(Map.of("mediaType", layerMediaType, "size", content.length, "digest", layerDigest)));
        return pushManifest(registry, repository, tag, OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
    }

    /** Copies an image within a registry with skopeo (a fresh repository per test keeps the shared lab clean). */
    public static String copy(RegistryLab lab, LabRegistry registry, String from, String to) {
        List<String> args = new ArrayList<>(List.of("copy", "--all", "--preserve-digests"));
        args.addAll(registry.skopeoOptions("src-"));
        args.addAll(registry.skopeoOptions("dest-"));
        args.add(registry.dockerReference(from));
        args.add(registry.dockerReference(to));
        lab.skopeo().run(args).stdoutOrThrow();
        return ImageWriter.sha256(lab.skopeo().inspectRaw(registry, to).getBytes(StandardCharsets.UTF_8));
    }

    public static String cosignTag(String imageDigest, String suffix) {
        return imageDigest.replace(':', '-') + "." + suffix;
    }

    /** POST an upload, PUT the bytes with their digest (the two-step monolithic upload of the distribution spec). */
    public String pushBlob(LabRegistry registry, String repository, byte[] content) {
        String digest = ImageWriter.sha256(content);
        String headers = curl(registry, "-X", "POST", "-D", "-", "-o", "/dev/null",
                registry.baseUrl() + "/v2/" + repository + "/blobs/uploads/");
        String location = headers.lines().filter(l -> l.toLowerCase().startsWith("location:")).findFirst()
                .map(l -> l.substring("location:".length()).strip())
                .orElseThrow(() -> new IllegalStateException("no Location in the upload answer:\n" + headers));
        if (location.startsWith("/")) {
            location = registry.baseUrl() + location;
        }
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
        curl(registry, "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + temp(content), target);
        return digest;
    }

    /** PUT a manifest under a tag or digest; returns its digest. */
    public String pushManifest(LabRegistry registry, String repository, String reference, String mediaType, byte[] body) {
        curl(registry, "-X", "PUT", "-H", "Content-Type: " + mediaType, "--data-binary", "@" + temp(body),
                registry.baseUrl() + "/v2/" + repository + "/manifests/" + reference);
        return ImageWriter.sha256(body);
    }

    private String curl(LabRegistry registry, String... args) {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--fail-with-body", "--noproxy", "*"));
        if (registry.tls()) {
            command.addAll(List.of("--cacert", registry.caFile().toString()));
        }
        registry.credentials().ifPresent(c -> command.addAll(List.of("-u", c.colonSeparated())));
        command.addAll(List.of(args));
        return Programs.run(command, Map.of(), TIMEOUT).stdoutOrThrow();
    }

    private String openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(openssl.toString());
        command.addAll(List.of(args));
        return Programs.run(command, Map.of(), TIMEOUT).stdoutOrThrow();
    }

    private Path temp(byte[] content) {
        Path file = dir.resolve("body-" + FILES.incrementAndGet());
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
