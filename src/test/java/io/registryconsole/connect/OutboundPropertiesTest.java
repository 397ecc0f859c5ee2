package io.registryconsole.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.registryconsole.distribution.OutboundPolicy;

/** CONSOLE_OUTBOUND_DENY / _ALLOW as comma-separated CIDRs; decisions on addresses only, nothing is contacted. */
class OutboundPropertiesTest {

    static OutboundProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("console.outbound", OutboundProperties.class)
            .orElseGet(() -> new OutboundProperties(null, null));
    }

    @Test
    void commaSeparatedRangesAddToTheLinkLocalDefault() throws Exception {
        OutboundPolicy policy = bind(Map.of("console.outbound.deny", "127.0.0.2/32, 10.0.0.0/8",
            "console.outbound.allow", "10.1.0.0/16")).policy();
        assertThat(policy.decide(InetAddress.getByName("127.0.0.2")).allowed()).isFalse();
        assertThat(policy.decide(InetAddress.getByName("127.0.0.1")).allowed()).isTrue();
        assertThat(policy.decide(InetAddress.getByName("10.2.3.4")).allowed()).isFalse();
        assertThat(policy.decide(InetAddress.getByName("10.1.3.4")).allowed()).isTrue();
        assertThat(policy.decide(InetAddress.getByName("169.254.169.254")).allowed()).isFalse();
        assertThat(bind(Map.of()).policy().decide(InetAddress.getByName("169.254.169.254")).reason()).contains("metadata");
    }

    @Test
    void aMistypedRangeNamesThePropertyAndTheEntry() {
        assertThatThrownBy(() -> new OutboundProperties(List.of("10.0.0.0/33"), List.of()).policy())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("console.outbound.deny").hasMessageContaining("10.0.0.0/33");
    }
}
