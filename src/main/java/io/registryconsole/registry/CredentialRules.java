package io.registryconsole.registry;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Validator;

import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.Violations;

/** Decides what a write does to the stored credential, and encrypts any new secret. */
final class CredentialRules {

    /** @param credential the credential to store, or null to keep the stored one */
    record Outcome(Credential credential, boolean secretChanged) {
    }

    private final SecretCipher cipher;
    private final Validator validator;

    CredentialRules(SecretCipher cipher, Validator validator) {
        this.cipher = cipher;
        this.validator = validator;
    }

    /**
     * @param stored the credential stored so far, null on create
     * @param problems collects what is wrong with the request
     */
    Outcome resolve(CredentialChange change, Credential stored, List<FieldProblem> problems) {
        if (change == null) {
            return new Outcome(stored == null ? Credential.anonymous() : null, false);
        }
        if (change.removes()) {
            return new Outcome(Credential.anonymous(), false);
        }
        CredentialRequest request = change.credential();
        problems.addAll(Violations.toProblems("credential.", validator.validate(request)));
        CredentialKind storedKind = stored == null ? CredentialKind.ANONYMOUS : stored.kind();
        boolean hasPassword = request.password() != null;
        boolean hasToken = request.token() != null;
        CredentialKind kind = kindOf(request, storedKind);
        if (hasPassword && hasToken) {
            problems.add(new FieldProblem("credential", "give either a password or a token, not both"));
            return new Outcome(null, false);
        }
        checkText("credential.username", request.username(), problems);
        return switch (kind) {
            case ANONYMOUS -> anonymous(request, problems);
            case BASIC -> withSecret(request, CredentialKind.BASIC, request.password(), "credential.password", hasToken,
                "credential.token", "a BASIC credential takes a password, not a token", stored, problems);
            case TOKEN -> withSecret(request, CredentialKind.TOKEN, request.token(), "credential.token", hasPassword,
                "credential.password", "a TOKEN credential takes a token, not a password", stored, problems);
        };
    }

    private static CredentialKind kindOf(CredentialRequest request, CredentialKind storedKind) {
        if (request.kind() != null) {
            return request.kind();
        }
        if (request.password() != null) {
            return CredentialKind.BASIC;
        }
        if (request.token() != null) {
            return CredentialKind.TOKEN;
        }
        if (storedKind != CredentialKind.ANONYMOUS) {
            return storedKind;
        }
        return request.username() != null ? CredentialKind.BASIC : CredentialKind.ANONYMOUS;
    }

    private static Outcome anonymous(CredentialRequest request, List<FieldProblem> problems) {
        if (request.username() != null || request.password() != null || request.token() != null || request.expiresAt() != null) {
            problems.add(new FieldProblem("credential", "an ANONYMOUS credential takes no username, password, token or expiry"));
        }
        return new Outcome(Credential.anonymous(), false);
    }

    private Outcome withSecret(CredentialRequest request, CredentialKind kind, String secret, String secretField,
                               boolean hasOther, String otherField, String otherMessage, Credential stored,
                               List<FieldProblem> problems) {
        String username = request.username() == null || request.username().isBlank() ? null : request.username();
        if (kind == CredentialKind.BASIC && username == null) {
            problems.add(new FieldProblem("credential.username", "is required for a BASIC credential"));
        }
        if (hasOther) {
            problems.add(new FieldProblem(otherField, otherMessage));
        }
        String encrypted;
        boolean changed;
        if (secret == null) {
            if (stored == null || stored.kind() != kind || stored.encryptedSecret() == null) {
                problems.add(new FieldProblem(secretField, "is required for a " + kind + " credential"));
                return new Outcome(null, false);
            }
            encrypted = stored.encryptedSecret();   // same kind, no new secret: keep the stored one
            changed = false;
        }
        else {
            if (!checkSecret(secretField, secret, problems)) {
                return new Outcome(null, false);
            }
            encrypted = cipher.encrypt(secret);
            changed = true;
        }
        Instant setAt = changed || stored == null ? Instant.now() : stored.setAt();
        return new Outcome(new Credential(kind, username, encrypted, request.expiresAt(), setAt), changed);
    }

    private static boolean checkSecret(String field, String secret, List<FieldProblem> problems) {
        if (secret.isEmpty()) {
            problems.add(new FieldProblem(field, "must not be empty"));
            return false;
        }
        if (RegistryService.utf8Length(secret) > RegistryService.MAX_SECRET_BYTES) {
            problems.add(new FieldProblem(field, "is longer than " + RegistryService.MAX_SECRET_BYTES + " bytes"));
            return false;
        }
        return checkText(field, secret, problems);
    }

    private static boolean checkText(String field, String text, List<FieldProblem> problems) {
        if (text != null && text.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "must not contain line breaks or other control characters "
                + "(copied with a trailing newline?)"));
            return false;
        }
        return true;
    }
}
