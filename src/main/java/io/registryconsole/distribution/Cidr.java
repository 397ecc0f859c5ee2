package io.registryconsole.distribution;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range such as {@code 169.254.0.0/16} or {@code fe80::/10}. Parsing never touches DNS: only
 * literal addresses are accepted.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + max);
        }
    }

    /**
     * Parses {@code address/prefix} or a single address (a /32 or /128).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CIDR is empty");
        }
        String v = value.strip();
        int slash = v.indexOf('/');
        String addressPart = slash < 0 ? v : v.substring(0, slash);
        InetAddress address = literal(addressPart, value);
        int max = address.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = v.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("CIDR \"" + value + "\" has an invalid prefix length \"" + p + "\"");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("CIDR \"" + value + "\": prefix length " + prefix + " is larger than " + max);
            }
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** Whether the address lies in this range (IPv4 never matches an IPv6 range and vice versa). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (n[full] & m);
    }

    /** Whether the two ranges share an address (never across address families). */
    public boolean overlaps(Cidr other) {
        if (network.getAddress().length != other.network.getAddress().length) {
            return false;
        }
        return prefixLength <= other.prefixLength ? contains(other.network) : other.contains(network);
    }

    private static InetAddress literal(String text, String whole) {
        boolean looksLiteral = !text.isEmpty() && (text.contains(":")
                ? text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                : text.chars().allMatch(c -> Character.isDigit(c) || c == '.') && text.chars().filter(c -> c == '.').count() == 3);
        if (!looksLiteral) {
            throw new IllegalArgumentException("CIDR \"" + whole + "\" must start with an IPv4 or IPv6 address");
        }
        try {
            // getByName does not resolve literals; the check above keeps host names out.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("CIDR \"" + whole + "\" has an invalid address \"" + text + "\"");
        }
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isIpv6() {
        return network instanceof Inet6Address;
    }

    boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    @Override
    public String toString() {
        String host = network.getHostAddress();
        int zone = host.indexOf('%');
        return (zone >= 0 ? host.substring(0, zone) : host) + '/' + prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network.getAddress(), network.getAddress());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network.getAddress()) * 31 + prefixLength;
    }
}
