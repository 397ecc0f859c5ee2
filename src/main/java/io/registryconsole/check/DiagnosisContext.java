package io.registryconsole.check;

import java.time.Instant;
import java.util.List;

import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryProvider;

/**
 * What the diagnosis knows about the registry and the request, to make the advice specific. Never holds a secret.
 *
 * @param authScheme       the scheme the registry asked for ("Bearer", "Basic"), when seen
 * @param subject          the repository or image asked for, when there was one
 * @param platform         the platform asked for, for a test pull
 * @param tagSuggestions   existing tags, closest first, for MANIFEST_NOT_FOUND
 * @param byteCap          the test pull's byte cap, for TOO_LARGE
 */
public record DiagnosisContext(String registryName, String url, RegistryProvider provider, boolean insecure, boolean caConfigured,
                               CredentialKind credentialKind, String username, Instant credentialExpiresAt, String authScheme,
                               String subject, String platform, List<String> tagSuggestions, long byteCap) {

    public DiagnosisContext {
        tagSuggestions = tagSuggestions == null ? List.of() : List.copyOf(tagSuggestions);
        credentialKind = credentialKind == null ? CredentialKind.ANONYMOUS : credentialKind;
    }

    public static DiagnosisContext of(RegistryAccess access) {
        return new DiagnosisContext(access.name(), access.url(), access.provider(), access.insecure(), access.caCertificatePem() != null,
            access.credentialKind(), access.username(), access.credentialExpiresAt(), null, null, null, List.of(), 0);
    }

    /** An upstream the console has no settings for (e.g. Docker Hub reached directly by a runtime). */
    public static DiagnosisContext upstream(String url) {
        return new DiagnosisContext(url, url, null, false, false, CredentialKind.ANONYMOUS, null, null, null, null, null, List.of(), 0);
    }

    public DiagnosisContext withAuthScheme(String scheme) {
        return new DiagnosisContext(registryName, url, provider, insecure, caConfigured, credentialKind, username, credentialExpiresAt, scheme,
            subject, platform, tagSuggestions, byteCap);
    }

    public DiagnosisContext withSubject(String newSubject, String newPlatform) {
        return new DiagnosisContext(registryName, url, provider, insecure, caConfigured, credentialKind, username, credentialExpiresAt,
            authScheme, newSubject, newPlatform, tagSuggestions, byteCap);
    }

    public DiagnosisContext withTagSuggestions(List<String> tags) {
        return new DiagnosisContext(registryName, url, provider, insecure, caConfigured, credentialKind, username, credentialExpiresAt,
            authScheme, subject, platform, tags, byteCap);
    }

    public DiagnosisContext withByteCap(long cap) {
        return new DiagnosisContext(registryName, url, provider, insecure, caConfigured, credentialKind, username, credentialExpiresAt,
            authScheme, subject, platform, tagSuggestions, cap);
    }

    boolean hasCredentials() {
        return credentialKind != CredentialKind.ANONYMOUS;
    }
}
