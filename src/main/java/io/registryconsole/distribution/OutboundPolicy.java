package io.registryconsole.distribution;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
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
        if (effective.isAnyLocalAddress() || isZeroNetwork(effective)) {
            return decideUnspecified(address, effective);
        }
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

    /** The ranges by which a connection to the unspecified address reaches this host's own services. */
    private static final List<Cidr> OWN_RANGES = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("0.0.0.0/8"),
            Cidr.parse("::/128"));

    /**
     * 0.0.0.0/8 and {@code ::} are not an address elsewhere: a connection to them goes to this host itself (Linux sends it
     * to loopback, where services bound to any local address answer). So they are reachable only when none of the host's
     * own addresses is denied, or when an allow rule names the unspecified address itself.
     */
    private Decision decideUnspecified(InetAddress address, InetAddress effective) {
        for (Cidr c : allow) {
            if (c.contains(address) || c.contains(effective)) {
                return new Decision(true, address, c, "allowed by " + c);
            }
        }
        List<InetAddress> own = ownAddresses();
        for (Cidr c : deny) {
            boolean covers = OWN_RANGES.stream().anyMatch(c::overlaps) || own.stream().anyMatch(c::contains);
            if (covers) {
                return new Decision(false, address, c, address.getHostAddress() + " is this host itself (the unspecified address reaches "
                        + "its own services), and the denied range " + c + " covers one of its addresses");
            }
        }
        return new Decision(true, address, null, "no rule matches this host's addresses");
    }

    private static boolean isZeroNetwork(InetAddress a) {
        return a instanceof Inet4Address && a.getAddress()[0] == 0;
    }

    /** The (not link-local) addresses of this host's interfaces; empty when the JVM may not list them (loopback ranges still count). */
    private static List<InetAddress> ownAddresses() {
        try {
            // link-local interface addresses are left out: the default deny of link-local ranges is about metadata
            // services elsewhere, not about this host, and would otherwise deny the unspecified address on every host
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLinkLocalAddress()).toList();
        } catch (SocketException | SecurityException e) {
            return List.of();
        }
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
            return address; // :: and ::1 are not IPv4 (:: is judged as the unspecified address)
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
