package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decisions only: every address here is a literal, nothing is resolved or contacted. */
class OutboundPolicyTest {

    @ParameterizedTest(name = "{0} allowed={1}")
    @CsvSource(textBlock = """
            169.254.169.254,        false
            169.254.0.1,            false
            169.255.0.1,            true
            fe80::1,                false
            febf:ffff::1,           false
            fec0::1,                true
            ::ffff:169.254.169.254, false
            ::169.254.169.254,      false
            64:ff9b::a9fe:a9fe,     false
            127.0.0.1,              true
            ::1,                    true
            10.1.2.3,               true
            2001:db8::1,            true
            """)
    void defaultDeniesLinkLocalOnly(String address, boolean allowed) throws UnknownHostException {
        OutboundPolicy.Decision d = OutboundPolicy.defaults().decide(InetAddress.getByName(address));
        assertThat(d.allowed()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(d.reason()).contains("denied range").contains("link-local");
        }
    }

    @Test
    void extraDenyAndAllowOverrides() throws UnknownHostException {
        OutboundPolicy policy = OutboundPolicy.parse("169.254.170.2/32, 10.0.0.0/8", "10.0.0.0/8, 192.168.0.0/16,fd00::/8");
        assertThat(policy.decide(InetAddress.getByName("192.168.1.1")).allowed()).isFalse();
        assertThat(policy.decide(InetAddress.getByName("fd00:ec2::254")).allowed()).isFalse();
        // allow wins over deny, also over the default deny
        assertThat(policy.decide(InetAddress.getByName("10.9.8.7")).allowed()).isTrue();
        assertThat(policy.decide(InetAddress.getByName("169.254.170.2")).allowed()).isTrue();
        assertThat(policy.decide(InetAddress.getByName("169.254.170.3")).allowed()).isFalse();
        assertThat(policy.decide(InetAddress.getByName("10.9.8.7")).rule()).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void cidrParsingNormalisesAndRejectsNonsense() {
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("fe80::1/10")).hasToString("fe80:0:0:0:0:0:0:0/10");
        assertThat(Cidr.parse("192.0.2.7")).hasToString("192.0.2.7/32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("larger than 32");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("must start with an IPv4 or IPv6 address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).hasMessageContaining("must start with an IPv4 or IPv6 address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("invalid prefix length");
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("empty");
    }

    @Test
    void rangesDoNotCrossAddressFamilies() throws UnknownHostException {
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void guardBlocksAHostWhoseAddressIsDenied() {
        // "localhost" resolves to loopback addresses only; denying loopback must block it before any connection.
        AddressGuard guard = new AddressGuard(OutboundPolicy.of(List.of(), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))));
        assertThatThrownBy(() -> guard.check("localhost", Phase.DNS, "GET http://localhost/v2/"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
                    assertThat(e.request()).contains("GET http://localhost/v2/");
                });
        assertThat(new AddressGuard(OutboundPolicy.defaults()).check("localhost", Phase.DNS, "x")).isNotEmpty();
    }

    /** A resolver table instead of DNS: tests never query real name servers. */
    private static AddressGuard guardWith(OutboundPolicy policy, String host, String... addresses) {
        return new AddressGuard(policy, name -> {
            if (!name.equals(host)) {
                throw new UnknownHostException(name);
            }
            InetAddress[] result = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                result[i] = InetAddress.getByAddress(name, InetAddress.getByName(addresses[i]).getAddress());
            }
            return result;
        });
    }

    @Test
    void guardJudgesWhatANameResolvesTo() {
        // a harmless-looking name that points at the metadata service (DNS rebinding) is blocked after resolution
        AddressGuard guard = guardWith(OutboundPolicy.defaults(), "registry.example.com", "203.0.113.5", "169.254.169.254");
        assertThatThrownBy(() -> guard.check("registry.example.com", Phase.DNS, "GET https://registry.example.com/v2/"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
                    assertThat(e.getMessage()).contains("registry.example.com (169.254.169.254)").contains("169.254.0.0/16");
                });
        assertThat(guardWith(OutboundPolicy.defaults(), "ok.example.com", "203.0.113.5").check("ok.example.com", Phase.DNS, "x"))
                .hasSize(1);
    }

    @Test
    void guardReportsUnresolvableNames() {
        AddressGuard guard = guardWith(OutboundPolicy.defaults(), "known.example.com", "203.0.113.5");
        assertThatThrownBy(() -> guard.check("unknown.example.com", Phase.DNS, "x"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.DNS_FAILURE);
                    assertThat(e.getMessage()).contains("unknown.example.com does not resolve");
                });
    }
}
