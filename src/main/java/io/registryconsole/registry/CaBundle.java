package io.registryconsole.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

/** A PEM bundle of CA certificates that the registry's TLS certificate chains up to. */
record CaBundle(String pem, List<X509Certificate> certificates) {

    private static final Pattern BLOCK =
        Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    /** @throws IllegalArgumentException with a message fit to show next to the field */
    static CaBundle parse(String pem) {
        String text = pem.strip();
        if (text.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("contains a private key: paste only the CA certificate(s); "
                + "the private key must stay on the registry server");
        }
        Matcher block = BLOCK.matcher(text);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
                }
                catch (CertificateException | RuntimeException e) {
                    throw new IllegalArgumentException("certificate " + (certificates.size() + 1)
                        + " of the bundle is not a valid X.509 certificate in PEM form");
                }
            }
        }
        catch (CertificateException noX509) {
            throw new IllegalStateException("this JVM cannot read X.509 certificates", noX509);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("is not a PEM certificate: expected one or more "
                + "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE----- blocks");
        }
        return new CaBundle(text, List.copyOf(certificates));
    }

    CertificateView view() {
        X509Certificate first = certificates.get(0);
        return new CertificateView(first.getSubjectX500Principal().getName(X500Principal.RFC2253),
            first.getNotAfter().toInstant(), certificates.size());
    }
}
