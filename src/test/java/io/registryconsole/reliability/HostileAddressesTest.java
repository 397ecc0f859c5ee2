package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.NumericHost;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.registry.RegistryUrl;

/**
 * Hostile input (network): every encoding of a denied address, decided on addresses. Nothing here is contacted: the
 * literals are parsed by the JDK (which never resolves a literal) and judged by the policy. The end-to-end cases (a
 * real registry behind a denied loopback address, redirects, token realms) are in
 * {@code distribution.HostileEndpointsTest}.
 */
class HostileAddressesTest {

    /** The lab's typical setting: one loopback address denied, everything else open. */
    static final OutboundPolicy DENY_127_0_0_2 = OutboundPolicy.parse("", "127.0.0.2/32");

    static InetAddress literal(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @ParameterizedTest(name = "{0} is judged as the host itself")
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "0.255.255.255", "::", "::ffff:0.0.0.0", "0:0:0:0:0:0:0:0", "64:ff9b::"})
    void theUnspecifiedAddressIsDeniedWhenAnyOwnAddressIs(String address) throws UnknownHostException {
        OutboundPolicy.Decision d = DENY_127_0_0_2.decide(literal(address));
        assertThat(d.allowed()).as(d.reason()).isFalse();
        assertThat(d.reason()).contains("this host itself").contains("127.0.0.2/32");
    }

    @Test
    void theUnspecifiedAddressStaysReachableWhenNothingOfTheHostIsDenied() throws UnknownHostException {
        assertThat(OutboundPolicy.defaults().decide(literal("0.0.0.0")).allowed()).isTrue();
        assertThat(OutboundPolicy.parse("", "203.0.113.0/24").decide(literal("::")).allowed())
            .as("203.0.113.0/24 (TEST-NET-3) must not be an address of this test host").isTrue();
        // an explicit allow of the unspecified address itself is the operator's word
        assertThat(OutboundPolicy.parse("0.0.0.0/32", "127.0.0.0/8").decide(literal("0.0.0.0")).allowed()).isTrue();
        // allowing some loopback address does not open the unspecified one when another loopback address is denied
        assertThat(OutboundPolicy.parse("127.0.0.1/32", "127.0.0.2/32").decide(literal("0.0.0.0")).allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0} reaches 127.0.0.2")
    @ValueSource(strings = {"127.0.0.2", "::ffff:127.0.0.2", "::ffff:7f00:2", "::127.0.0.2", "64:ff9b::7f00:2", "64:ff9b::127.0.0.2"})
    void everyIpv6FormOfADeniedIpv4AddressIsDenied(String address) throws UnknownHostException {
        assertThat(DENY_127_0_0_2.decide(literal(address)).allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0177.0.0.2", "127.000.000.002", "127.1", "127.0.2", "2130706434", "0x7f.0.0.2", "0x7f000002",
        "017700000002", "127.0.0.2.", "0x7F.1", "1.2.3.4.5", "256.0.0.1", "127.0.0.0x2"})
    void ambiguousIpv4LiteralsAreRefused(String host) {
        assertThat(NumericHost.problem(host)).as(host).isPresent();
        assertThatThrownBy(() -> NumericHost.requireCanonical(host)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("four decimal numbers");
        assertThatThrownBy(() -> RegistryUrl.normalize("http://" + host + ":5000", true))
            .isInstanceOf(RegistryUrl.InvalidUrlException.class).hasMessageContaining("four decimal numbers");
        assertThatThrownBy(() -> ImageReference.parse(host + ":5000/library/app:1"))
            .hasMessageContaining("four decimal numbers");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.2", "10.0.0.1", "0.0.0.0", "255.255.255.255", "registry.example.com", "localhost", "localhost.",
        "deadbeef", "a0x1.example", "1password.example", "example.123a", "host-1"})
    void canonicalAddressesAndHostNamesPass(String host) {
        assertThat(NumericHost.problem(host)).as(host).isEmpty();
    }

    @Test
    void bracketedIpv6IsNotANumericIpv4Host() {
        assertThat(NumericHost.problem("[::1]")).isEmpty();
        assertThat(NumericHost.problem("::ffff:127.0.0.2")).isEmpty();
    }
}
