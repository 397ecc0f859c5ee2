package io.registryconsole.distribution;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code NO_PROXY} as Go's {@code golang.org/x/net/http/httpproxy} reads it — the reader docker and containerd use, so
 * the console goes direct exactly where the nodes do:
 * <ul>
 * <li>a comma-separated list; entries trimmed and lower-cased; empty entries ignored; {@code *} alone means
 * everything goes direct;</li>
 * <li>{@code 10.0.0.0/8}, {@code 2002:db8::/64}: CIDR ranges, for IP literals only (no name is resolved);</li>
 * <li>{@code 192.168.1.1}, {@code [2001:db8::1]:443}: one address, optionally for one port only;</li>
 * <li>{@code example.com}: the name and every subdomain; {@code .example.com} and {@code *.example.com}: subdomains
 * only; either with {@code :port} for that port only;</li>
 * <li>{@code localhost} and loopback addresses always go direct, whatever the list says (Go's rule).</li>
 * </ul>
 * Ports are compared with the request's port, the scheme's default (80, 443) filled in, as Go does.
 */
public final class NoProxy {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private record IpEntry(InetAddress ip, String port) {
    }

    private record DomainEntry(String suffix, String port, boolean matchHost) {
    }

    private final String text;
    private final boolean all;
    private final List<Cidr> ranges = new ArrayList<>();
    private final List<IpEntry> addresses = new ArrayList<>();
    private final List<DomainEntry> domains = new ArrayList<>();

    private NoProxy(String text) {
        this.text = text == null ? "" : text;
        boolean everything = false;
        for (String raw : this.text.split(",")) {
            String p = raw.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                everything = true;
                break;
            }
            if (p.contains("/")) {
                try {
                    ranges.add(Cidr.parse(p));
                    continue;
                } catch (IllegalArgumentException e) {
                    // not a CIDR: read on as a host, as Go does
                }
            }
            String host = p;
            String port = "";
            Optional<String[]> split = splitHostPort(p);
            if (split.isPresent()) {
                host = split.get()[0];
                port = split.get()[1];
                if (host.isEmpty()) {
                    continue; // ":1" and the like: malformed, ignored
                }
            }
            Optional<InetAddress> ip = ipLiteral(host);
            if (ip.isPresent()) {
                addresses.add(new IpEntry(ip.get(), port));
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            boolean matchHost = false;
            if (!host.startsWith(".")) {
                matchHost = true;
                host = "." + host;
            }
            try {
                host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                // keep it as written, like Go when IDNA fails
            }
            domains.add(new DomainEntry(host, port, matchHost));
        }
        this.all = everything;
    }

    public static NoProxy parse(String noProxy) {
        return new NoProxy(noProxy);
    }

    /** The list as written. */
    public String text() {
        return text;
    }

    /**
     * Whether a request to {@code host}:{@code port} goes through the proxy.
     *
     * @param host a name or IP literal (IPv6 with or without brackets)
     */
    public boolean useProxy(String host, int port) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return false;
        }
        Optional<InetAddress> ip = ipLiteral(h);
        if (ip.isPresent() && ip.get().isLoopbackAddress()) {
            return false;
        }
        if (all) {
            return false;
        }
        String p = String.valueOf(port);
        if (ip.isPresent()) {
            for (Cidr range : ranges) {
                if (range.contains(ip.get())) {
                    return false;
                }
            }
            for (IpEntry entry : addresses) {
                if (entry.ip().equals(ip.get()) && (entry.port().isEmpty() || entry.port().equals(p))) {
                    return false;
                }
            }
        }
        for (DomainEntry d : domains) {
            if ((h.endsWith(d.suffix()) || (d.matchHost() && h.equals(d.suffix().substring(1))))
                && (d.port().isEmpty() || d.port().equals(p))) {
                return false;
            }
        }
        return true;
    }

    /** Go's net.SplitHostPort: "host:port" or "[v6]:port"; empty when there is no port part. */
    private static Optional<String[]> splitHostPort(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return Optional.empty();
            }
            return Optional.of(new String[] {s.substring(1, close), s.substring(close + 2)});
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return Optional.empty(); // no port, or a bare IPv6 literal
        }
        return Optional.of(new String[] {s.substring(0, colon), s.substring(colon + 1)});
    }

    /** Go's net.ParseIP: strict dotted IPv4 or an IPv6 literal (no zone); never a DNS lookup. */
    static Optional<InetAddress> ipLiteral(String s) {
        if (IPV4.matcher(s).matches() || (s.contains(":") && !s.contains("%") && s.matches("[0-9a-fA-F:.]+"))) {
            try {
                return Optional.of(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "NoProxy[" + text + "]";
    }
}
