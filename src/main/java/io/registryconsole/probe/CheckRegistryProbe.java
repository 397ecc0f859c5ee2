package io.registryconsole.probe;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.registryconsole.check.CheckReport;
import io.registryconsole.check.ConnectionCheckService;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.NotFoundException;

/**
 * A probe is a connection check (CONFIG, DNS, TCP, TLS, API, AUTH) with the probe timeout, so a probe and "Check now"
 * give the same verdict, category and remediation. Up means the check found no failure (warnings allowed).
 */
@Component
class CheckRegistryProbe implements RegistryProbe {

    private static final Logger log = LoggerFactory.getLogger(CheckRegistryProbe.class);

    private final ConnectionCheckService checks;
    private final RegistryService registries;
    private final Duration timeout;
    private final Duration clockSkewTolerance;

    CheckRegistryProbe(ConnectionCheckService checks, RegistryService registries, ProbeProperties properties,
                       io.registryconsole.check.CheckProperties checkProperties) {
        this.clockSkewTolerance = checkProperties.clockSkewTolerance();
        this.checks = checks;
        this.registries = registries;
        this.timeout = properties.timeout();
    }

    @Override
    public Optional<ProbeOutcome> probe(long registryId) {
        Optional<RegistryAccess> access;
        try {
            access = registries.findAccess(registryId);
        }
        catch (SecretDecryptionException e) {
            access = Optional.empty(); // the check reports it; the expiries stay unknown
        }
        CheckReport report;
        String name;
        try {
            name = access.map(RegistryAccess::name).orElseGet(() -> registries.get(registryId).name());
            report = checks.probe(registryId, timeout);
        }
        catch (NotFoundException deleted) {
            return Optional.empty();
        }
        return Optional.of(new ProbeOutcome(name, report.ok(), report.ok() ? null : report.category().name(),
            report.summary(), report.remediation(), Duration.ofMillis(report.durationMs()),
            report.certificateNotAfter(), access.map(a -> earliestNotAfter(registryId, a.caCertificatePem())).orElse(null),
            access.map(RegistryAccess::credentialExpiresAt).orElse(null), largeOffset(report.registryClockOffsetMs())));
    }

    /** Offsets within the tolerance are noise (Date has second resolution); large ones are recorded before they bite. */
    private Long largeOffset(Long offsetMs) {
        return offsetMs != null && Math.abs(offsetMs) > clockSkewTolerance.toMillis() ? offsetMs : null;
    }

    /**
     * Earliest notAfter of a PEM bundle; null when there is none. The registry service rejects bundles that do not
     * parse, so one that does not here is unexpected: logged with its cause, and the CA expiry stays unknown rather
     * than the probe failing.
     */
    static Instant earliestNotAfter(long registryId, String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(c -> ((X509Certificate) c).getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElse(null);
        }
        catch (CertificateException | RuntimeException e) {
            log.warn("The CA bundle of registry {} does not parse; its expiry is unknown", registryId, e);
            return null;
        }
    }
}
