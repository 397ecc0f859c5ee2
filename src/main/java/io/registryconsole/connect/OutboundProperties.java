package io.registryconsole.connect;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import io.registryconsole.distribution.Cidr;
import io.registryconsole.distribution.OutboundPolicy;

/**
 * Which addresses the console may reach when it talks to registries ({@code CONSOLE_OUTBOUND_DENY},
 * {@code CONSOLE_OUTBOUND_ALLOW}: comma-separated CIDRs). The link-local ranges (cloud metadata services) are always
 * denied unless allowed here.
 *
 * @param deny              ranges denied in addition to the link-local default
 * @param allow             ranges that stay reachable even when a deny range covers them
 * @param onlyRegistryHosts when true, test pulls, plan trials and checks reach only the hosts of stored registries and
 *                          {@code extraHosts}: an OPERATOR cannot use {@code host:port/image} references to probe an
 *                          internal network (redirects and token services named by those registries stay reachable)
 * @param extraHosts        further hosts ({@code host} or {@code host:port}, e.g. {@code docker.io}, {@code ghcr.io})
 *                          reachable as upstreams when {@code onlyRegistryHosts} is on
 */
@ConfigurationProperties("console.outbound")
public record OutboundProperties(List<String> deny, List<String> allow, boolean onlyRegistryHosts, List<String> extraHosts) {

    @ConstructorBinding
    public OutboundProperties {
        deny = deny == null ? List.of() : List.copyOf(deny);
        allow = allow == null ? List.of() : List.copyOf(allow);
        extraHosts = extraHosts == null ? List.of() : extraHosts.stream().map(String::strip).filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    public OutboundProperties(List<String> deny, List<String> allow) {
        this(deny, allow, false, List.of());
    }

    /**
     * @throws IllegalArgumentException naming the property and the entry that is not a CIDR
     */
    public OutboundPolicy policy() {
        return OutboundPolicy.of(parse("console.outbound.allow", allow), parse("console.outbound.deny", deny));
    }

    private static List<Cidr> parse(String property, List<String> entries) {
        return entries.stream().map(String::strip).filter(s -> !s.isEmpty()).map(entry -> {
            try {
                return Cidr.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": \"" + entry + "\" is not a CIDR range such as 10.0.0.0/8 or fd00::/8 ("
                    + e.getMessage() + ")", e);
            }
        }).toList();
    }
}
