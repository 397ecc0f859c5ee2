package io.registryconsole.pull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.SignatureStatus;
import io.registryconsole.distribution.SignatureVerdict;
import io.registryconsole.distribution.TrustedKey;
import io.registryconsole.environment.TrustPolicy;

/**
 * An environment's signature requirement as a test pull applies it. A multi-platform image is accepted when a
 * trusted signature covers its index (what {@code cosign sign image:tag} signs) or the platform's own manifest
 * (what {@code cosign sign --recursive} adds); both digests are looked at.
 */
record SignaturePolicy(boolean requireSignature, List<TrustedKey> keys) {

    static final SignaturePolicy NONE = new SignaturePolicy(false, List.of());

    static SignaturePolicy of(TrustPolicy policy) {
        return new SignaturePolicy(policy.requireSignature(), policy.publicKeysPem().stream().map(TrustedKey::parsePem).toList());
    }

    /** The best verdict over the index (when there is one) and the platform manifest. */
    SignatureVerdict verify(RegistryClient client, String repository, String indexDigest, String digest) {
        List<String> subjects = new ArrayList<>();
        if (indexDigest != null) {
            subjects.add(indexDigest);
        }
        subjects.add(digest);
        List<SignatureVerdict> verdicts = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (String subject : subjects) {
            SignatureVerdict v = client.verifySignatures(repository, Digest.parse(subject), keys);
            String what = subject.equals(indexDigest) ? "index " + subject : (indexDigest != null ? "platform manifest " : "manifest ") + subject;
            if (v.status() == SignatureStatus.VERIFIED) {
                return new SignatureVerdict(v.status(), v.kind(), what + ": " + v.detail(), v.key());
            }
            verdicts.add(v);
            details.add(what + ": " + v.detail());
        }
        String detail = String.join("; ", details);
        for (SignatureStatus worst : List.of(SignatureStatus.INVALID, SignatureStatus.NOT_CHECKED)) {
            Optional<SignatureVerdict> found = verdicts.stream().filter(v -> v.status() == worst).findFirst();
            if (found.isPresent()) {
                return new SignatureVerdict(worst, found.get().kind(), detail, Optional.empty());
            }
        }
        return new SignatureVerdict(SignatureStatus.UNSIGNED, Optional.empty(), detail, Optional.empty());
    }
}
