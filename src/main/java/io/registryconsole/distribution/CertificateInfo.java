package io.registryconsole.distribution;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What a report shows about one certificate of a chain.
 *
 * @param subjectAltNames DNS names as {@code DNS:name}, addresses as {@code IP:addr}
 * @param sha256          fingerprint of the DER encoding, lowercase hex
 */
public record CertificateInfo(String subject, String issuer, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
                              String sha256) {

    public CertificateInfo {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    static CertificateInfo of(X509Certificate cert) {
        return new CertificateInfo(cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                subjectAltNames(cert), cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), fingerprint(cert));
    }

    static List<CertificateInfo> chain(java.security.cert.Certificate[] chain) {
        List<CertificateInfo> list = new ArrayList<>();
        if (chain != null) {
            for (java.security.cert.Certificate c : chain) {
                if (c instanceof X509Certificate x) {
                    list.add(of(x));
                }
            }
        }
        return list;
    }

    static List<String> subjectAltNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    Object value = san.get(1);
                    if (Integer.valueOf(2).equals(type)) {
                        names.add("DNS:" + value);
                    } else if (Integer.valueOf(7).equals(type)) {
                        names.add("IP:" + value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unparsable SAN extension is reported as "no names"; the hostname check then fails visibly.
        }
        return names;
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return ""; // a parsed certificate re-encodes and SHA-256 is always there: this only keeps the signature honest
        }
    }
}
