package io.registryconsole.distribution;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host and applies the {@link OutboundPolicy} to every address it resolves to, before any connection is
 * made. Every address must be allowed: the JDK may connect to any of them, and a DNS answer that mixes a public
 * address with a metadata address is exactly what an attacker would try. The JVM's DNS cache (30 s by default)
 * makes the HTTP client's own lookup right after this one return the same answer.
 */
final class AddressGuard {

    /** Name resolution; the JVM's resolver in production, a table in tests (which must not query real DNS). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final OutboundPolicy policy;
    private final Resolver resolver;

    AddressGuard(OutboundPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    AddressGuard(OutboundPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    OutboundPolicy policy() {
        return policy;
    }

    /**
     * @param request described in errors, e.g. {@code GET https://host/v2/}
     * @throws RegistryException DNS_FAILURE or BLOCKED_BY_POLICY
     */
    List<InetAddress> check(String host, Phase phase, String request) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (NumericHost.problem(h).isPresent()) {
            // a realm, redirect or stored URL naming 0177.0.0.2 would be judged as 177.0.0.2 but reached as 127.0.0.2
            throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the outbound policy refuses " + NumericHost.problem(h).get())
                    .phase(phase).request(request).build();
        }
        List<InetAddress> addresses;
        try {
            addresses = List.of(resolver.resolve(h));
        } catch (UnknownHostException e) {
            throw RegistryException.builder(Category.DNS_FAILURE, "the host name " + h + " does not resolve")
                    .phase(phase).request(request).cause(e).build();
        } catch (SecurityException e) {
            throw RegistryException.builder(Category.DNS_FAILURE, "resolving " + h + " is not permitted").phase(phase).request(request).build();
        }
        for (InetAddress address : addresses) {
            OutboundPolicy.Decision decision = policy.decide(address);
            if (!decision.allowed()) {
                throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the outbound policy forbids " + h
                        + (h.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress() + ")") + ": " + decision.reason())
                        .phase(phase).request(request).build();
            }
        }
        return addresses;
    }
}
