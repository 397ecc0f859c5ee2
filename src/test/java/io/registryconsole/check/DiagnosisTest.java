package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryProvider;

class DiagnosisTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    final Diagnosis diagnosis = new Diagnosis(Clock.fixed(NOW, ZoneOffset.UTC));

    static DiagnosisContext harbor(CredentialKind kind, Instant expires) {
        return DiagnosisContext.of(new RegistryAccess(1, "harbor-prod", "https://harbor.example.com", RegistryProvider.HARBOR, false, null,
            kind, "robot$ci", "s3cret-value", expires));
    }

    @Test
    void everyCategoryHasItsOwnRemediation() {
        Set<String> texts = new HashSet<>();
        for (Category category : Category.values()) {
            String text = diagnosis.remediation(category, null, harbor(CredentialKind.BASIC, null).withSubject("team/app:1.0", "linux/amd64"));
            assertThat(text).as(category.name()).isNotBlank().doesNotContain("s3cret-value").endsWith(".");
            texts.add(text);
        }
        assertThat(texts).hasSize(EnumSet.allOf(Category.class).size());
    }

    @Test
    void tellsWrongPasswordFromExpiredCredentialFromBasicOnlyRegistry() {
        RegistryException rejected = new RegistryException(Category.AUTH_INVALID_CREDENTIALS, "the registry rejected the stored username and password");

        Explanation wrong = diagnosis.explain(rejected, harbor(CredentialKind.BASIC, null).withAuthScheme("Bearer"));
        assertThat(wrong.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
        assertThat(wrong.remediation()).contains("token service rejected the password of 'robot$ci'", "robot$<name>");

        Explanation expired = diagnosis.explain(rejected, harbor(CredentialKind.BASIC, NOW.minusSeconds(86_400)));
        assertThat(expired.category()).isEqualTo(Category.AUTH_TOKEN_EXPIRED);
        assertThat(expired.summary()).contains("expired on 2025-05-31");

        Explanation basicOnly = diagnosis.explain(rejected, harbor(CredentialKind.TOKEN, null).withAuthScheme("Basic"));
        assertThat(basicOnly.remediation()).contains("only speaks HTTP Basic");
    }

    @Test
    void protocolMismatchSaysWhichWay() {
        RegistryException e = new RegistryException(Category.TLS_PROTOCOL_MISMATCH, "does not speak TLS");
        assertThat(diagnosis.explain(e, harbor(CredentialKind.ANONYMOUS, null)).remediation())
            .contains("answers plain HTTP on the port you marked https", "http://harbor.example.com:443");
        DiagnosisContext plain = DiagnosisContext.upstream("http://mirror.example.com:5000");
        assertThat(diagnosis.explain(e, plain).remediation()).contains("https://mirror.example.com:5000");
    }

    @Test
    void missingTagNamesTheClosestTags() {
        DiagnosisContext c = harbor(CredentialKind.BASIC, null).withSubject("team/app:1.3", null).withTagSuggestions(List.of("1.2", "1.1"));
        assertThat(diagnosis.remediation(Category.MANIFEST_NOT_FOUND, null, c)).contains("team/app", "Closest existing tags: 1.2, 1.1.");
    }

    @Test
    void sentences() {
        assertThat(Diagnosis.sentence("connection refused")).isEqualTo("Connection refused.");
        assertThat(Diagnosis.sentence("Done.")).isEqualTo("Done.");
    }
}
