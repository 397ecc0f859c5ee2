package io.registryconsole.distribution;

import java.util.Locale;
import java.util.Optional;

/**
 * Refuses IPv4 literals that different programs read differently. glibc's {@code inet_aton} (and so curl, docker,
 * containerd) reads {@code 0177.0.0.2} as octal 127.0.0.2, {@code 0x7f.1} as hex, {@code 127.1} and
 * {@code 2130706434} as short forms; the JDK reads {@code 0177.0.0.2} as decimal 177.0.0.2. If the console judged
 * such a host, it could judge another address than the one a runtime using its exported files would reach. The rule
 * (the WHATWG URL one): a host whose last label is a number is an IPv4 literal, and then it must be the canonical
 * form, four decimal numbers 0-255 without leading zeros.
 */
public final class NumericHost {

    private NumericHost() {
    }

    /** Why the host is an ambiguous IPv4 literal, or empty when it is a host name, an IPv6 literal or canonical IPv4. */
    public static Optional<String> problem(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[") || host.contains(":")) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        String[] labels = h.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2]; // a trailing dot: "127.0.0.2." is still the number 127.0.0.2
        }
        if (!isNumber(last)) {
            return Optional.empty();
        }
        if (labels.length == 4) {
            boolean canonical = true;
            for (String label : labels) {
                canonical &= label.length() >= 1 && label.length() <= 3 && label.chars().allMatch(c -> c >= '0' && c <= '9')
                    && (label.length() == 1 || label.charAt(0) != '0') && Integer.parseInt(label) <= 255;
            }
            if (canonical) {
                return Optional.empty();
            }
        }
        return Optional.of("\"" + ErrorBody.clean(host) + "\" is an ambiguous IPv4 address (programs read leading zeros, hex, short "
            + "or trailing-dot forms differently): write it as four decimal numbers without leading zeros, e.g. 127.0.0.2");
    }

    /**
     * {@link #problem} for the host of a URL as it was written. {@link java.net.URI#getHost()} is null for forms such as
     * {@code 127.1} or {@code 0x7f.0.0.1} (its host grammar wants a letter first in the last label), so the raw
     * authority is read instead.
     */
    public static Optional<String> problem(java.net.URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return Optional.empty();
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return Optional.empty();
        }
        int colon = hostPort.lastIndexOf(':');
        return problem(colon >= 0 ? hostPort.substring(0, colon) : hostPort);
    }

    /**
     * @throws IllegalArgumentException with {@link #problem} when the host is an ambiguous IPv4 literal
     */
    public static void requireCanonical(String host) {
        Optional<String> problem = problem(host);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** A label inet_aton would take as a number: decimal, octal (leading 0) or hex (0x). */
    private static boolean isNumber(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return label.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
