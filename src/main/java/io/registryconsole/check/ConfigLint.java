package io.registryconsole.check;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;

/**
 * The CONFIG step: what the stored settings say on their own, before any contact. Contradictions and coming
 * expiries are warnings; only settings the client cannot use at all fail the step.
 */
final class ConfigLint {

    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    /**
     * @param fatal       the category when the settings cannot be used, else null
     * @param remediation what to do, when something is wrong
     */
    record Result(StepStatus status, String detail, Category fatal, String remediation) {
    }

    private ConfigLint() {
    }

    static Result lint(RegistryAccess access, Instant now) {
        List<String> warnings = new ArrayList<>();
        List<String> advice = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        String url = access.url();
        try {
            RegistryEndpoint.of(url, access.insecure(), null, Credentials.anonymous());
        } catch (IllegalArgumentException e) {
            boolean plain = url != null && url.startsWith("http://");
            return new Result(StepStatus.FAIL, "the URL cannot be used: " + e.getMessage(),
                plain ? Category.TLS_PROTOCOL_MISMATCH : Category.INVALID_REFERENCE,
                plain ? "Mark the registry insecure to allow plain http://, or use https://."
                    : "Correct the registry URL to scheme://host[:port], e.g. https://harbor.example.com.");
        }
        boolean https = url.startsWith("https://");
        facts.add(url);
        if (access.insecure() && https) {
            warnings.add("marked insecure although the URL is https://: certificate problems are ignored");
            advice.add("Store the registry's CA certificate and clear 'insecure', so a wrong or expired certificate is noticed.");
        }
        boolean credentials = access.credentialKind() != null && access.credentialKind() != CredentialKind.ANONYMOUS;
        if (!https && credentials) {
            warnings.add("the credential travels in clear text over plain HTTP");
            advice.add("Serve the registry over TLS (https://) before sending it passwords or tokens.");
        }

        if (access.caCertificatePem() != null) {
            Collection<X509Certificate> certificates;
            try {
                certificates = parse(access.caCertificatePem());
            } catch (CertificateException | RuntimeException e) {
                return new Result(StepStatus.FAIL, "the stored CA bundle cannot be read as PEM certificates", Category.TLS_UNTRUSTED,
                    "Store the CA certificate again as PEM (-----BEGIN CERTIFICATE----- ...).");
            }
            if (certificates.isEmpty()) {
                return new Result(StepStatus.FAIL, "the stored CA bundle holds no certificate", Category.TLS_UNTRUSTED,
                    "Store the CA certificate again as PEM (-----BEGIN CERTIFICATE----- ...).");
            }
            for (X509Certificate ca : certificates) {
                Instant notAfter = ca.getNotAfter().toInstant();
                String name = ca.getSubjectX500Principal().getName();
                if (notAfter.isBefore(now)) {
                    warnings.add("the stored CA certificate " + name + " expired on " + day(notAfter));
                    advice.add("Replace the expired CA certificate with the current one of the registry's CA.");
                } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
                    warnings.add("the stored CA certificate " + name + " expires on " + day(notAfter));
                    advice.add("Get the CA's next certificate before " + day(notAfter) + " and store it.");
                }
            }
            facts.add("CA bundle of " + certificates.size() + " certificate" + (certificates.size() == 1 ? "" : "s"));
            if (!https) {
                warnings.add("a CA bundle is stored, but the URL is plain http:// so it is never used");
                advice.add("Use https:// for the registry, or remove the unused CA bundle.");
            }
        }

        if (credentials) {
            facts.add(access.credentialKind() + " credential" + (access.username() == null ? "" : " of '" + access.username() + "'"));
            Instant expires = access.credentialExpiresAt();
            if (expires != null && expires.isBefore(now)) {
                warnings.add("the stored credential expired on " + day(expires));
                advice.add("Store a new credential on the registry (and its expiry date).");
            } else if (expires != null && expires.isBefore(now.plus(EXPIRY_WARNING))) {
                warnings.add("the stored credential expires on " + day(expires));
                advice.add("Renew the credential before " + day(expires) + " and store the new one.");
            }
        } else {
            facts.add("anonymous");
        }

        if (warnings.isEmpty()) {
            return new Result(StepStatus.PASS, String.join(", ", facts), null, null);
        }
        return new Result(StepStatus.WARN, String.join("; ", warnings), null, String.join(" ", advice));
    }

    static Collection<X509Certificate> parse(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> list = new ArrayList<>();
        factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .forEach(c -> list.add((X509Certificate) c));
        return list;
    }

    static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
