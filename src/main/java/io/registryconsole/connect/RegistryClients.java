package io.registryconsole.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.ProxySettings;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;

/**
 * Protocol clients for stored registries, all under the configured outbound policy. Pulls and plans share one
 * client per registry configuration, so connections and bearer tokens are reused between test pulls; a change to
 * the registry (URL, CA, credential, ...) gives a new client. Checks take a fresh client: they must see the
 * registry as a first contact does.
 */
@Component
public class RegistryClients {

    private static final int MAX_SHARED = 256;

    private final OutboundPolicy policy;
    private final Map<Key, RegistryClient> shared = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, RegistryClient> eldest) {
            return size() > MAX_SHARED;
        }
    };

    private final UpstreamHosts upstreams;

    RegistryClients(OutboundPolicy policy, OutboundProperties properties, ObjectProvider<RegistryService> registries) {
        this.policy = policy;
        // looked up per call (and lazily): the stored registries change while the console runs
        this.upstreams = new UpstreamHosts(properties.onlyRegistryHosts(), properties.extraHosts(),
            () -> registries.getObject().allSummaries().stream().map(RegistrySummary::url).toList());
    }

    /** Identifies a configuration without holding its secret: the secret only enters a SHA-256. */
    private record Key(String configuration, ClientOptions options) {
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * A new client for the registry.
     *
     * @throws IllegalArgumentException when the stored URL or CA bundle cannot be used
     */
    public RegistryClient fresh(RegistryAccess access, ClientOptions options) {
        return RegistryClient.create(endpoint(access), options, policy);
    }

    /** The shared client for the registry's current configuration. */
    public RegistryClient shared(RegistryAccess access, ClientOptions options) {
        Key key = new Key(fingerprint(access), options);
        synchronized (shared) {
            return shared.computeIfAbsent(key, k -> fresh(access, options));
        }
    }

    /**
     * The shared client for the registry's current configuration reached through an environment's proxy (null: direct).
     */
    public RegistryClient shared(RegistryAccess access, ClientOptions options, ProxySettings proxy) {
        if (proxy == null) {
            return shared(access, options);
        }
        Key key = new Key(fingerprint(access) + "|" + fingerprint(proxy), options);
        synchronized (shared) {
            return shared.computeIfAbsent(key, k -> RegistryClient.create(endpoint(access), options, policy, proxy));
        }
    }

    /** {@link #sharedUpstream(String, ClientOptions)} through an environment's proxy (null: direct). */
    public RegistryClient sharedUpstream(String domain, ClientOptions options, ProxySettings proxy) {
        if (proxy == null) {
            return sharedUpstream(domain, options);
        }
        Key key = new Key("upstream:" + domain + "|" + fingerprint(proxy), options);
        synchronized (shared) {
            return shared.computeIfAbsent(key, k -> RegistryClient.create(upstreamEndpoint(domain), options, policy, proxy));
        }
    }

    private static String fingerprint(ProxySettings proxy) {
        return sha256(proxy.httpProxy(), proxy.httpsProxy(), proxy.noProxy().text(), proxy.username(), proxy.password());
    }

    /**
     * The shared anonymous client of an upstream no stored registry stands for, by the host image references use
     * ({@code docker.io} → {@code https://registry-1.docker.io}).
     */
    public RegistryClient sharedUpstream(String domain, ClientOptions options) {
        RegistryEndpoint endpoint = upstreamEndpoint(domain);
        String api = endpoint.baseUri().getHost() + (endpoint.baseUri().getPort() == -1 ? "" : ":" + endpoint.baseUri().getPort());
        Optional<String> refused = upstreams.refusal(domain, api);
        if (refused.isPresent()) {
            throw new RegistryException(Category.BLOCKED_BY_POLICY, refused.get());
        }
        Key key = new Key("upstream:" + domain, options);
        synchronized (shared) {
            return shared.computeIfAbsent(key, k -> RegistryClient.create(upstreamEndpoint(domain), options, policy));
        }
    }

    /** The endpoint the runtimes use for an upstream host when nothing is configured for it. */
    public static RegistryEndpoint upstreamEndpoint(String domain) {
        String host = ImageReference.DOCKER_HUB_DOMAIN.equals(domain) ? ImageReference.DOCKER_HUB_API_HOST : domain;
        return RegistryEndpoint.of("https://" + host, false, null, Credentials.anonymous());
    }

    public static RegistryEndpoint endpoint(RegistryAccess access) {
        return RegistryEndpoint.of(access.url(), access.insecure(), access.caCertificatePem(), credentials(access));
    }

    public static Credentials credentials(RegistryAccess access) {
        if (access.credentialKind() == null || access.secret() == null) {
            return Credentials.anonymous();
        }
        return switch (access.credentialKind()) {
            case ANONYMOUS -> Credentials.anonymous();
            case BASIC -> Credentials.basic(access.username() == null ? "" : access.username(), access.secret());
            case TOKEN -> Credentials.identityToken(access.username(), access.secret());
        };
    }

    private static String fingerprint(RegistryAccess access) {
        return sha256(access.id(), access.url(), access.insecure(), access.caCertificatePem(), access.credentialKind(), access.username(),
            access.secret());
    }

    private static String sha256(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
