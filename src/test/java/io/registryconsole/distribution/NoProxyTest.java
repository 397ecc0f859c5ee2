package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * NO_PROXY against the cases of Go's golang.org/x/net/http/httpproxy tests (TestUseProxy, TestInvalidNoProxy,
 * TestAllNoProxy), the reader docker and containerd use; each host is asked for on port 80 as there.
 */
class NoProxyTest {

    static final NoProxy GO_EXAMPLE = NoProxy.parse("foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, "
        + "192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64");

    @ParameterizedTest(name = "{0} proxied: {1}")
    @CsvSource({
        // never proxy localhost
        "localhost, false", "127.0.0.1, false", "127.0.0.2, false", "[::1], false", "[::2], true",
        "192.168.1.1, false", "192.168.1.2, true", "192.168.1.3, false", "192.168.1.4, true", "10.0.0.2, false",
        "[2001:db8::52:0:1], false", "[2001:db8::52:0:2], true", "[2001:db8::52:0:3], false", "[2002:db8:a::123], false",
        "[fe80::424b:c8be:1643:a1b6], true",
        "barbaz.net, true", "www.barbaz.net, false", "foobar.com, false", "www.foobar.com, false", "foofoobar.com, true",
        "baz.com, true", "localhost.net, true", "local.localhost, true", "barbarbaz.net, true", "wildcard.io, true",
        "nested.wildcard.io, false", "awildcard.io, true"})
    void goUseProxyCases(String host, boolean proxied) {
        assertThat(GO_EXAMPLE.useProxy(host, 80)).isEqualTo(proxied);
    }

    @Test
    void aMalformedEntryIsIgnored() {
        assertThat(NoProxy.parse(":1").useProxy("example.com", 80)).isTrue();
    }

    @Test
    void starSendsEverythingDirect() {
        NoProxy all = NoProxy.parse("baz.com, *");
        for (String host : new String[] {"localhost", "example.com", "192.168.1.4", "[fe80::1]"}) {
            assertThat(all.useProxy(host, 80)).as(host).isFalse();
        }
    }

    @Test
    void portSpecificDomainsAndCaseAndSpaces() {
        NoProxy list = NoProxy.parse(" Registry.Corp:5000 ,,bar.com:80");
        assertThat(list.useProxy("registry.corp", 5000)).isFalse();
        assertThat(list.useProxy("registry.corp", 443)).isTrue();
        assertThat(list.useProxy("mirror.registry.corp", 5000)).isFalse();
        assertThat(list.useProxy("bar.com", 80)).isFalse();
        assertThat(list.useProxy("www.bar.com", 80)).isFalse();
        assertThat(list.useProxy("bar.com", 443)).isTrue();
        assertThat(NoProxy.parse("").useProxy("example.com", 443)).isTrue();
    }

    @Test
    void namesAreNeverResolvedAndOnlyStrictLiteralsAreAddresses() {
        // "127.1" is no IP literal for Go: it is a name, so it is proxied (the proxy resolves it)
        assertThat(NoProxy.parse("").useProxy("127.1", 80)).isTrue();
        assertThat(NoProxy.parse("10.0.0.0/8").useProxy("10.1.2.3", 443)).isFalse();
        assertThat(NoProxy.parse("10.0.0.0/8").useProxy("ten.example", 443)).isTrue();
    }
}
