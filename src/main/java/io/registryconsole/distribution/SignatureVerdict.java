package io.registryconsole.distribution;

import java.util.Optional;

/**
 * What verifying an image digest's signatures found.
 *
 * @param kind   the kind of the signature the verdict is about (the verified one, else the first that failed), empty when unsigned
 * @param detail one plain sentence: which key verified, or why nothing did
 * @param key    the fingerprint of the key that verified the signature
 */
public record SignatureVerdict(SignatureStatus status, Optional<SignatureKind> kind, String detail, Optional<String> key) {

    static SignatureVerdict of(SignatureStatus status, SignatureKind kind, String detail) {
        return new SignatureVerdict(status, Optional.ofNullable(kind), detail, Optional.empty());
    }
}
