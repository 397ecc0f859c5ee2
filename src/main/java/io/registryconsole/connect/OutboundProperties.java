package io.registryconsole.connect;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.registryconsole.distribution.Cidr;
import io.registryconsole.distribution.OutboundPolicy;

/**
 * Which addresses the console may reach when it talks to registries ({@code CONSOLE_OUTBOUND_DENY},
 * {@code CONSOLE_OUTBOUND_ALLOW}: comma-separated CIDRs). The link-local ranges (cloud metadata services) are always
 * denied unless allowed here.
 *
 * @param deny  ranges denied in addition to the link-local default
 * @param allow ranges that stay reachable even when a deny range covers them
 */
@ConfigurationProperties("console.outbound")
public record OutboundProperties(List<String> deny, List<String> allow) {

    public OutboundProperties {
        deny = deny == null ? List.of() : List.copyOf(deny);
        allow = allow == null ? List.of() : List.copyOf(allow);
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
