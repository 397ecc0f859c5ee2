package io.registryconsole.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** console.outbound.only-registry-hosts decided on names only: nothing is contacted. */
class UpstreamHostsTest {

    static final List<String> STORED = List.of("https://harbor.example.com", "http://10.0.0.5:5000", "https://registry-1.docker.io");

    @Test
    void offByDefaultEverythingMayBeTried() {
        assertThat(new UpstreamHosts(false, List.of(), () -> List.of()).refusal("10.9.9.9:22", "10.9.9.9:22")).isEmpty();
    }

    @Test
    void onlyStoredHostsAndExtraHostsWhenOn() {
        UpstreamHosts hosts = new UpstreamHosts(true, List.of("ghcr.io", "quay.io:443"), () -> STORED);
        assertThat(hosts.refusal("harbor.example.com", "harbor.example.com")).isEmpty();
        assertThat(hosts.refusal("10.0.0.5:5000", "10.0.0.5:5000")).isEmpty();
        assertThat(hosts.refusal("docker.io", "registry-1.docker.io")).isEmpty();
        assertThat(hosts.refusal("ghcr.io", "ghcr.io")).isEmpty();
        assertThat(hosts.refusal("quay.io", "quay.io")).isEmpty();
        // another port of a stored host is another service: refused
        assertThat(hosts.refusal("10.0.0.5:22", "10.0.0.5:22")).get().asString()
            .contains("10.0.0.5:22").contains("console.outbound.only-registry-hosts").contains("console.outbound.extra-hosts");
        assertThat(hosts.refusal("internal.corp:8080", "internal.corp:8080")).isPresent();
    }
}
