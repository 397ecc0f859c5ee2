package io.registryconsole.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryProvider;

/** Creating clients sends nothing: these tests only compare the clients and endpoints they build. */
class RegistryClientsTest {

    final RegistryClients clients = new RegistryClients(OutboundPolicy.defaults(), new OutboundProperties(java.util.List.of(), java.util.List.of()), null);
    final ClientOptions options = ClientOptions.builder().build();

    static RegistryAccess access(String url, CredentialKind kind, String username, String secret) {
        return new RegistryAccess(1, "lab", url, RegistryProvider.DISTRIBUTION, false, null, kind, username, secret, null);
    }

    @Test
    void oneSharedClientPerConfigurationAndAFreshOneForChecks() {
        RegistryAccess basic = access("https://127.0.0.1:5000", CredentialKind.BASIC, "ci", "s3cret");
        RegistryClient shared = clients.shared(basic, options);

        assertThat(clients.shared(access("https://127.0.0.1:5000", CredentialKind.BASIC, "ci", "s3cret"), options)).isSameAs(shared);
        assertThat(clients.shared(access("https://127.0.0.1:5000", CredentialKind.BASIC, "ci", "rotated"), options))
            .as("a changed secret").isNotSameAs(shared);
        assertThat(clients.shared(access("https://127.0.0.1:5001", CredentialKind.BASIC, "ci", "s3cret"), options))
            .as("a changed URL").isNotSameAs(shared);
        assertThat(clients.shared(basic, ClientOptions.builder().maxAttempts(1).build())).as("other options").isNotSameAs(shared);
        assertThat(clients.fresh(basic, options)).isNotSameAs(shared).isNotSameAs(clients.fresh(basic, options));
        assertThat(clients.sharedUpstream("quay.io", options)).isSameAs(clients.sharedUpstream("quay.io", options));
    }

    @Test
    void credentialsFollowTheStoredKind() {
        assertThat(RegistryClients.credentials(access("https://r", CredentialKind.BASIC, "ci", "pw"))).isEqualTo(Credentials.basic("ci", "pw"));
        assertThat(RegistryClients.credentials(access("https://r", CredentialKind.BASIC, null, "pw"))).isEqualTo(Credentials.basic("", "pw"));
        assertThat(RegistryClients.credentials(access("https://r", CredentialKind.TOKEN, "ci", "tok")))
            .isEqualTo(Credentials.identityToken("ci", "tok"));
        assertThat(RegistryClients.credentials(access("https://r", CredentialKind.ANONYMOUS, "ci", "pw"))).isEqualTo(Credentials.anonymous());
        assertThat(RegistryClients.credentials(access("https://r", CredentialKind.BASIC, "ci", null)))
            .as("no secret (not decryptable or never stored)").isEqualTo(Credentials.anonymous());
        assertThat(RegistryClients.credentials(access("https://r", null, null, null))).isEqualTo(Credentials.anonymous());
        assertThat(RegistryClients.endpoint(access("https://127.0.0.1:5000", CredentialKind.BASIC, "ci", "s3cret-pw")).toString())
            .as("an endpoint never shows its secret").doesNotContain("s3cret-pw");
    }

    @Test
    void upstreamsUseTheHostTheRuntimesUse() {
        assertThat(RegistryClients.upstreamEndpoint("docker.io").baseUri()).isEqualTo(URI.create("https://registry-1.docker.io"));
        assertThat(RegistryClients.upstreamEndpoint("ghcr.io").baseUri()).isEqualTo(URI.create("https://ghcr.io"));
        assertThat(RegistryClients.upstreamEndpoint("ghcr.io").credentials()).isEqualTo(Credentials.anonymous());
    }
}
