package io.registryconsole.distribution;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which addresses the console may reach. Decided on resolved addresses (after DNS), for every request, redirect and
 * token realm, so that a host name pointing at a cloud metadata service is caught as well as the literal address.
 * Rules: an address in an allowed range is reachable; otherwise one in a denied range is not; everything else is.
 * The link-local ranges (169.254.0.0/16, fe80::/10, where cloud metadata services live) are always denied
 * unless explicitly allowed.
 */
public final class OutboundPolicy {

    public static final List<Cidr> DEFAULT_DENY = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"));

    private final List<Cidr> allow;
    private final List<Cidr> deny;

    private OutboundPolicy(List<Cidr> allow, List<Cidr> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /** Only the default deny list. */
    public static OutboundPolicy defaults() {
        return new OutboundPolicy(List.of(), DEFAULT_DENY);
    }

    /** The default deny list plus {@code extraDeny}; {@code allow} overrides both. */
    public static OutboundPolicy of(Collection<Cidr> allow, Collection<Cidr> extraDeny) {
        List<Cidr> deny = new ArrayList<>(DEFAULT_DENY);
        deny.addAll(extraDeny);
        return new OutboundPolicy(new ArrayList<>(allow), deny);
    }

    /** Parses comma-separated CIDR lists as in {@code CONSOLE_OUTBOUND_ALLOW} / {@code CONSOLE_OUTBOUND_DENY}. */
    public static OutboundPolicy parse(String allowList, String denyList) {
        return of(parseList(allowList), parseList(denyList));
    }

    static List<Cidr> parseList(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    public List<Cidr> allowed() {
        return allow;
    }

    public List<Cidr> denied() {
        return deny;
    }

    /** The decision for one address, with the rule that made it. */
    public Decision decide(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        for (Cidr c : allow) {
            if (c.contains(address) || c.contains(effective)) {
                return new Decision(true, address, c, "allowed by " + c);
            }
        }
        for (Cidr c : deny) {
            if (c.contains(address) || c.contains(effective)) {
                String why = DEFAULT_DENY.contains(c) ? " (link-local: cloud metadata services live there)" : "";
                return new Decision(false, address, c, address.getHostAddress() + " is in the denied range " + c + why);
            }
        }
        return new Decision(true, address, null, "no rule matches");
    }

    /**
     * IPv4 addresses hidden in IPv6 forms (IPv4-compatible {@code ::a.b.c.d} and NAT64 {@code 64:ff9b::a.b.c.d})
     * are judged by their IPv4 address too, so {@code ::169.254.169.254} is denied like 169.254.169.254.
     * (IPv4-mapped {@code ::ffff:a.b.c.d} already arrives as an Inet4Address from the JDK.)
     */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xff && (b[3] & 0xFF) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= (b[10] & 0xFF) == 0xff && (b[11] & 0xFF) == 0xff;
        if (!(compatible || nat64 || mapped)) {
            return address;
        }
        if (compatible && b[12] == 0 && b[13] == 0 && b[14] == 0) {
            return address; // :: and ::1 are not IPv4
        }
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /**
     * @param rule the range that decided, or null when no rule matched
     */
    public record Decision(boolean allowed, InetAddress address, Cidr rule, String reason) {
    }

    @Override
    public String toString() {
        return "OutboundPolicy[allow=" + allow + ", deny=" + deny + "]";
    }
}
