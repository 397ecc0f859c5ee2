package io.registryconsole.probe;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.distribution.AuthResult;
import io.registryconsole.distribution.CertificateInfo;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.PingResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;

/**
 * A probe with the protocol client: {@code GET /v2/} after DNS, connect and TLS, then the login check that
 * {@code docker login} does. Up means the registry answers as a registry and accepts the stored credential
 * (or, without one, lets the console in anonymously).
 *
 * <p>Until the connection check service exists, this is the probe; it then should run that check instead, so that
 * probes and checks give the same verdict.
 */
@Component
class ClientRegistryProbe implements RegistryProbe {

    private final RegistryService registries;
    private final ClientOptions options;
    private final OutboundPolicy policy;
    /** One client per registry configuration: keeps its TLS context and tokens between probes. */
    private final Map<Long, CachedClient> clients = new ConcurrentHashMap<>();

    ClientRegistryProbe(RegistryService registries, ProbeProperties properties,
                        @Value("${console.outbound.allow:}") String allow, @Value("${console.outbound.deny:}") String deny) {
        this.registries = registries;
        this.options = clientOptions(properties.timeout());
        this.policy = OutboundPolicy.parse(allow, deny);
    }

    /** Every step and the whole probe bounded by the probe timeout; one retry only for failures the client deems safe. */
    static ClientOptions clientOptions(Duration timeout) {
        Duration step = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return ClientOptions.builder().connectTimeout(step).tlsHandshakeTimeout(step).firstByteTimeout(timeout)
            .idleTimeout(timeout).overallDeadline(timeout).maxAttempts(2).retryBudget(timeout.dividedBy(4))
            .maxRetryAfter(Duration.ZERO).userAgent("registry-console-probe").build();
    }

    @Override
    public Optional<ProbeOutcome> probe(long registryId) {
        long start = System.nanoTime();
        RegistryAccess access;
        try {
            Optional<RegistryAccess> found = registries.findAccess(registryId);
            if (found.isEmpty()) {
                clients.remove(registryId);
                return Optional.empty();
            }
            access = found.get();
        }
        catch (SecretDecryptionException e) {
            String name = registries.get(registryId).name();
            return Optional.of(new ProbeOutcome(name, false, null, e.getMessage(), since(start), null, null, null));
        }
        Instant caExpiresAt = earliestNotAfter(access.caCertificatePem());
        RegistryClient client;
        try {
            client = client(access);
        }
        catch (IllegalArgumentException e) {
            // the stored URL or CA cannot be used at all; RegistryService validates both, so this is a safety net
            return Optional.of(new ProbeOutcome(access.name(), false, null, e.getMessage(), since(start), null, caExpiresAt,
                access.credentialExpiresAt()));
        }
        Instant tlsExpiresAt = null;
        try {
            PingResult ping = client.ping();
            tlsExpiresAt = ping.tls().flatMap(tls -> tls.chain().stream().map(CertificateInfo::notAfter)
                .min(Comparator.naturalOrder())).orElse(null);
            AuthResult auth = client.checkAuth();
            return Optional.of(new ProbeOutcome(access.name(), true, null, upSummary(ping, auth), since(start), tlsExpiresAt,
                caExpiresAt, access.credentialExpiresAt()));
        }
        catch (RegistryException e) {
            return Optional.of(new ProbeOutcome(access.name(), false, e.category().name(), e.getMessage(), since(start),
                tlsExpiresAt, caExpiresAt, access.credentialExpiresAt()));
        }
    }

    /** A deleted registry's client (and the secret it holds) goes with it. */
    @EventListener
    void registryChanged(AuditableChange change) {
        if (RegistryService.ENTITY_TYPE.equals(change.entityType()) && change.action() == AuditAction.DELETE) {
            try {
                clients.remove(Long.parseLong(change.entityId()));
            }
            catch (NumberFormatException e) {
                // not one of ours
            }
        }
    }

    private RegistryClient client(RegistryAccess access) {
        CachedClient cached = clients.get(access.id());
        if (cached != null && cached.access().equals(access)) {
            return cached.client();
        }
        RegistryEndpoint endpoint = RegistryEndpoint.of(access.url(), access.insecure(), access.caCertificatePem(),
            credentials(access));
        RegistryClient client = RegistryClient.create(endpoint, options, policy);
        clients.put(access.id(), new CachedClient(access, client));
        return client;
    }

    private static Credentials credentials(RegistryAccess access) {
        return switch (access.credentialKind()) {
            case ANONYMOUS -> Credentials.anonymous();
            case BASIC -> Credentials.basic(access.username(), Objects.requireNonNull(access.secret()));
            case TOKEN -> Credentials.identityToken(access.username(), Objects.requireNonNull(access.secret()));
        };
    }

    private static String upSummary(PingResult ping, AuthResult auth) {
        String login = auth.credentialsVerified() ? "the stored credential is accepted (" + auth.scheme() + ")"
            : auth.anonymous() && !"none".equals(auth.scheme()) ? "anonymous access is granted (" + auth.scheme() + ")"
            : "no login needed";
        return "answers at " + ping.endpoint() + " as a registry; " + login;
    }

    /** Earliest notAfter of a PEM bundle; null when there is none or it does not parse (the registry service rejects those). */
    static Instant earliestNotAfter(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(c -> ((X509Certificate) c).getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElse(null);
        }
        catch (CertificateException | RuntimeException e) {
            return null;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private record CachedClient(RegistryAccess access, RegistryClient client) {

        @Override
        public String toString() {
            return "CachedClient[" + access + "]";
        }
    }
}
