package io.registryconsole.distribution;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * Does a certificate name the host we connected to? RFC 6125 rules as Go applies them (and therefore docker):
 * DNS names from subjectAltName only (the subject CN is ignored, as Go does since 1.15), a wildcard only as the
 * whole left-most label, IP addresses only against IP entries.
 */
final class HostnameMatcher {

    private HostnameMatcher() {
    }

    static boolean matches(X509Certificate cert, String host) {
        return matches(CertificateInfo.subjectAltNames(cert), host);
    }

    static boolean matches(List<String> subjectAltNames, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (isIpLiteral(h)) {
            byte[] wanted = literalBytes(h);
            for (String san : subjectAltNames) {
                if (san.startsWith("IP:") && wanted != null && java.util.Arrays.equals(wanted, literalBytes(san.substring(3)))) {
                    return true;
                }
            }
            return false;
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String san : subjectAltNames) {
            if (san.startsWith("DNS:") && dnsMatches(san.substring(4).toLowerCase(Locale.ROOT), h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (p.isEmpty()) {
            return false;
        }
        if (p.startsWith("*.")) {
            String suffix = p.substring(1); // ".example.com"
            if (suffix.indexOf('*') >= 0 || suffix.chars().filter(c -> c == '.').count() < 2) {
                return false; // "*.com" and multiple wildcards never match
            }
            int firstDot = host.indexOf('.');
            return firstDot > 0 && host.substring(firstDot).equals(suffix);
        }
        return p.indexOf('*') < 0 && p.equals(host);
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        return host.chars().allMatch(c -> Character.isDigit(c) || c == '.') && host.chars().filter(c -> c == '.').count() == 3;
    }

    private static byte[] literalBytes(String literal) {
        if (!isIpLiteral(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no DNS lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
