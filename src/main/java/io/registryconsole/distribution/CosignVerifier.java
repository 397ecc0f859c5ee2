package io.registryconsole.distribution;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Verifies cosign key-based signatures in the simple-signing format (cosign's SIGNATURE_SPEC.md): each layer of a
 * {@code sha256-<hex>.sig} manifest (or of a referrer with that layer type) is a JSON payload whose
 * {@code critical.image.docker-manifest-digest} must be the image's digest, signed as-is with SHA-256; the base64
 * signature sits in the layer annotation {@code dev.cosignproject.cosign/signature}. The payload blob's digest is
 * checked while it downloads. Keys: ECDSA (ASN.1 DER signature, as cosign and {@code openssl dgst -sign} write
 * it) and RSA, PKCS#1 v1.5 (cosign's default for RSA keys) or PSS.
 *
 * <p>Notation signatures and cosign 2.x sigstore bundles are recognised and reported as present but not verified.
 */
final class CosignVerifier {

    static final long MAX_PAYLOAD_BYTES = 64 * 1024;
    static final String SIMPLE_SIGNING_TYPE = "cosign container image signature";
    /** Problems of one signature's content; anything else (the registry failing) is not a verdict about the signature. */
    private static final Set<Category> CONTENT_PROBLEMS = EnumSet.of(Category.DIGEST_MISMATCH, Category.SIZE_MISMATCH,
            Category.UNSUPPORTED_MANIFEST, Category.MANIFEST_NOT_FOUND, Category.TOO_LARGE);

    /** Where signatures come from; the client's referrer discovery in production. */
    interface Source {
        List<Referrer> referrers();

        ArtifactManifest artifact(Digest digest);

        byte[] blob(Descriptor descriptor);
    }

    private CosignVerifier() {
    }

    static SignatureVerdict verify(Source source, Digest image, List<TrustedKey> keys) {
        List<Referrer> referrers = source.referrers();
        List<Referrer> cosign = referrers.stream().filter(r -> r.kind() == ReferrerKind.COSIGN_SIGNATURE).toList();
        boolean notation = referrers.stream().anyMatch(r -> r.kind() == ReferrerKind.NOTATION_SIGNATURE);
        if (cosign.isEmpty()) {
            if (notation) {
                return SignatureVerdict.of(SignatureStatus.NOT_CHECKED, SignatureKind.NOTATION, "a Notation signature is present but "
                        + "NOT verified: the console verifies only cosign key-based signatures");
            }
            return SignatureVerdict.of(SignatureStatus.UNSIGNED, null, "no signature refers to " + image
                    + " (looked at the referrers API or its sha256-<hex> tag, and cosign's " + image.algorithm() + "-<hex>.sig tag)");
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Referrer referrer : cosign) {
            ArtifactManifest manifest;
            try {
                manifest = source.artifact(referrer.digest());
            } catch (RegistryException e) {
                if (!CONTENT_PROBLEMS.contains(e.category())) {
                    throw e;
                }
                problems.add("signature manifest " + referrer.digest() + ": " + e.getMessage());
                continue;
            }
            List<ArtifactManifest.Layer> layers = manifest.layers().stream()
                    .filter(l -> ReferrerFinder.COSIGN_SIMPLE_SIGNING.equals(l.mediaType())).toList();
            if (layers.isEmpty()) {
                problems.add(referrer.digest() + " has no simple-signing layer (a sigstore bundle or another format the console does not verify)");
                continue;
            }
            for (ArtifactManifest.Layer layer : layers) {
                checked++;
                Outcome outcome = check(source, layer, image, keys);
                if (outcome.key() != null) {
                    TrustedKey key = outcome.key();
                    return new SignatureVerdict(SignatureStatus.VERIFIED, Optional.of(SignatureKind.COSIGN), "cosign signature "
                            + referrer.tag().map(t -> "(tag " + t + ") ").orElse("") + "verified with the trusted key " + key,
                            Optional.of(key.fingerprint()));
                }
                problems.add(outcome.problem());
            }
        }
        if (keys.isEmpty() && checked > 0 && problems.stream().allMatch(p -> p.startsWith(NO_KEYS))) {
            return SignatureVerdict.of(SignatureStatus.NOT_CHECKED, SignatureKind.COSIGN, "a cosign signature is present; "
                    + "no trusted keys to verify it with");
        }
        return SignatureVerdict.of(SignatureStatus.INVALID, SignatureKind.COSIGN, String.join("; ", problems.stream().distinct().toList()));
    }

    private static final String NO_KEYS = "no trusted keys";

    /** One signature layer: the key that verified it, or what is wrong with it. */
    private record Outcome(TrustedKey key, String problem) {

        static Outcome problem(String problem) {
            return new Outcome(null, problem);
        }
    }

    private static Outcome check(Source source, ArtifactManifest.Layer layer, Digest image, List<TrustedKey> keys) {
        String signature = layer.annotations().get(ReferrerFinder.COSIGN_SIGNATURE_ANNOTATION);
        if (signature == null || signature.isBlank()) {
            return Outcome.problem("the signature layer " + layer.descriptor().digest() + " has no " + ReferrerFinder.COSIGN_SIGNATURE_ANNOTATION
                    + " annotation");
        }
        byte[] payload;
        try {
            payload = source.blob(layer.descriptor());
        } catch (RegistryException e) {
            if (!CONTENT_PROBLEMS.contains(e.category())) {
                throw e;
            }
            return Outcome.problem("the signed payload " + layer.descriptor().digest() + " could not be read intact: " + e.getMessage());
        }
        Optional<String> claim = payloadProblem(payload, image);
        if (claim.isPresent()) {
            return Outcome.problem(claim.get());
        }
        if (keys.isEmpty()) {
            return Outcome.problem(NO_KEYS + " to verify the signature with");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return Outcome.problem("the signature annotation is not base64");
        }
        return verifyingKey(payload, raw, keys).map(k -> new Outcome(k, null)).orElseGet(() -> Outcome.problem("the signature does not verify with " + (keys.size() == 1 ? "the trusted key " + keys.get(0).fingerprint()
                        : "any of the " + keys.size() + " trusted keys") + " (signed with another key, or the payload changed after signing)"));
    }

    /** Why the payload does not sign this image, or empty when it names it. */
    static Optional<String> payloadProblem(byte[] payload, Digest image) {
        Optional<JsonNode> root = Json.parse(payload).filter(JsonNode::isObject);
        if (root.isEmpty()) {
            return Optional.of("the signed payload is not JSON");
        }
        JsonNode critical = root.get().path("critical");
        Optional<String> type = Json.text(critical, "type");
        if (type.isEmpty() || !type.get().equalsIgnoreCase(SIMPLE_SIGNING_TYPE)) {
            return Optional.of("the signed payload is not a cosign container image signature (critical.type "
                    + type.map(t -> "\"" + ErrorBody.clean(t) + "\"").orElse("missing") + ")");
        }
        Optional<String> named = Json.text(critical.path("image"), "docker-manifest-digest");
        if (named.isEmpty()) {
            return Optional.of("the signed payload names no critical.image.docker-manifest-digest");
        }
        if (!named.get().equals(image.toString())) {
            return Optional.of("the signed payload is for " + ErrorBody.clean(named.get()) + ", not for " + image
                    + " (a signature copied from another image)");
        }
        return Optional.empty();
    }

    /** The first key the signature verifies with over the payload bytes. */
    static Optional<TrustedKey> verifyingKey(byte[] payload, byte[] signature, List<TrustedKey> keys) {
        for (TrustedKey key : keys) {
            if (verifies(key, payload, signature)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static boolean verifies(TrustedKey key, byte[] payload, byte[] signature) {
        List<Signature> candidates = new ArrayList<>();
        try {
            if (key.key() instanceof ECPublicKey) {
                candidates.add(Signature.getInstance("SHA256withECDSA"));
                candidates.add(Signature.getInstance("SHA256withECDSAinP1363Format"));
            } else if (key.key() instanceof RSAPublicKey rsa) {
                candidates.add(Signature.getInstance("SHA256withRSA"));
                int modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
                // PSS salt: Go and openssl sign with the hash length or the maximum; the JDK wants it spelled out
                for (int salt : new int[] {32, modulusBytes - 32 - 2}) {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
                    candidates.add(pss);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks a signature algorithm the JDK always has", e);
        }
        for (Signature s : candidates) {
            try {
                s.initVerify(key.key());
                s.update(payload);
                if (s.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // malformed for this scheme: try the next one
            }
        }
        return false;
    }
}
