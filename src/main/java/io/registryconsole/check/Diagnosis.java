package io.registryconsole.check;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.Phase;
import io.registryconsole.distribution.RateLimit;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryProvider;

/**
 * Turns a failure category into words for a person: what happened (summary) and what to do (remediation), as
 * specific as the context allows (wrong password vs expired token vs a registry that only speaks Basic; plain HTTP
 * on a port marked https; rate limit with its numbers). Shared by checks, test pulls, plans and probes. The texts
 * quote only what the client reported and the stored settings, never a secret.
 */
public final class Diagnosis {

    /** distribution's own leeway for token times; beyond it clocks explain a refusal */
    public static final Duration DEFAULT_CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(60);

    private final Clock clock;
    private final Duration clockSkewTolerance;

    public Diagnosis(Clock clock) {
        this(clock, DEFAULT_CLOCK_SKEW_TOLERANCE);
    }

    public Diagnosis(Clock clock, Duration clockSkewTolerance) {
        this.clock = clock;
        this.clockSkewTolerance = clockSkewTolerance;
    }

    public static Diagnosis systemClock() {
        return new Diagnosis(Clock.systemUTC());
    }

    /** Explains a client failure. */
    public Explanation explain(RegistryException failure, DiagnosisContext context) {
        Category category = failure.category();
        java.util.Optional<String> skew = failure.clockReadings()
            .flatMap(readings -> ClockSkew.explain(failure.category(), readings, clockSkewTolerance));
        if (skew.isPresent()) {
            return new Explanation(Category.CLOCK_SKEW, sentence(skew.get()), remediation(Category.CLOCK_SKEW, failure, context));
        }
        if (category == Category.AUTH_INVALID_CREDENTIALS && storedCredentialExpired(context)) {
            category = Category.AUTH_TOKEN_EXPIRED;
        }
        String summary = sentence(failure.getMessage());
        if (category == Category.AUTH_TOKEN_EXPIRED && failure.category() != category) {
            summary = sentence("the registry rejected the stored " + credentialNoun(context) + ", which expired on "
                + day(context.credentialExpiresAt()));
        }
        return new Explanation(category, summary, remediation(category, failure, context));
    }

    /** Explains a category without a client failure (e.g. a configuration problem found before any contact). */
    public Explanation explain(Category category, String what, DiagnosisContext context) {
        return new Explanation(category, sentence(what), remediation(category, null, context));
    }

    /** The advice for a category; {@code failure} may be null. */
    public String remediation(Category category, RegistryException failure, DiagnosisContext c) {
        // the failing request may have gone elsewhere than the registry (its token service, a redirect)
        String url = failedUrl(failure).orElse(c.url());
        String host = hostPort(url);
        return switch (category) {
            case INVALID_REFERENCE -> "Write the image as [registry/]repository[:tag|@digest] in lowercase, e.g. library/nginx:1.25, "
                + "harbor.example.com/team/app:2.1 or team/app@sha256:<64 hex digits>; a repository name alone has no tag or digest.";
            case BLOCKED_BY_POLICY -> blocked(failure, url);
            case DNS_FAILURE -> "The name " + host(url) + " does not resolve from the console's host: check the spelling of the URL, "
                + "and that the DNS the console uses knows the name (internal names need the internal resolver; "
                + "'getent hosts " + host(url) + "' on the console host shows what it sees).";
            case CONNECTION_REFUSED -> "Nothing listens on " + host + ": check the port in the URL (registries usually serve HTTPS on 443, "
                + "a plain distribution registry on 5000, Nexus on its Docker connector port) and that the registry process is running.";
            case CONNECT_TIMEOUT -> "No answer from " + host + " in time: a firewall or security group drops the traffic, the host is down, "
                + "or the console needs a proxy to get there. Try 'curl -v " + apiUrl(url) + "' from the console's host.";
            case TLS_UNTRUSTED -> untrusted(failure, c);
            case TLS_EXPIRED -> "Renew the registry's certificate (or fix the clock if it is not yet valid). Marking the registry insecure "
                + "only hides the problem from the console: docker, containerd and CRI-O still refuse the certificate.";
            case TLS_HOSTNAME_MISMATCH -> "Use a host name the certificate names in the registry URL, or reissue the certificate with "
                + host(url) + " in its subjectAltName (clients ignore the CN).";
            case TLS_PROTOCOL_MISMATCH -> protocolMismatch(c);
            case NOT_A_REGISTRY -> notARegistry(c);
            case AUTH_REQUIRED -> authRequired(c);
            case AUTH_INVALID_CREDENTIALS -> invalidCredentials(c);
            case AUTH_TOKEN_EXPIRED -> "The stored " + credentialNoun(c) + " has expired: create a new one (docker login, or the "
                + "registry's UI for robot accounts and access tokens), store it on registry '" + c.registryName()
                + "' and set its expiry date so the console warns before it lapses again.";
            case AUTH_UNSUPPORTED -> "The registry asks for an authentication scheme the console cannot speak (it speaks HTTP Basic and "
                + "Bearer tokens, like docker): configure the registry for one of those, or fix its token realm URL.";
            case ACCESS_DENIED -> accessDenied(failure, c);
            case REPOSITORY_NOT_FOUND -> "The repository " + quoted(repository(c.subject())) + "does not exist on '" + c.registryName()
                + "' (or is hidden from this account): check the name and its namespace (Docker Hub official images live under "
                + "library/, Harbor repositories under their project, e.g. project/app).";
            case MANIFEST_NOT_FOUND -> manifestNotFound(c);
            case PLATFORM_NOT_FOUND -> platformNotFound(failure, c);
            case UNSUPPORTED_MANIFEST -> "The image uses a manifest format current clients cannot read (e.g. Docker schema 1, removed in "
                + "docker 20.10 and containerd 2): pull it with an old client and push it again, or rebuild it, to get a schema 2 or OCI "
                + "manifest.";
            case RATE_LIMITED -> rateLimited(failure, c);
            case DIGEST_MISMATCH -> "Content from '" + c.registryName() + "' does not match its digest: a blob in the registry's storage is "
                + "corrupt, or a proxy or cache in between alters it. Push the image again (or delete the broken blob so a pull-through "
                + "cache fetches it anew) and check the registry's storage; bypass transparent proxies for registry traffic.";
            case SIZE_MISMATCH -> "A blob from '" + c.registryName() + "' is shorter or longer than its manifest says: it was truncated "
                + "in storage, or a proxy cuts large responses (body size or time limits). Push the image again and check proxy limits "
                + "such as nginx's proxy_max_temp_file_size.";
            case TOO_LARGE -> "The image is larger than the console's cap" + (c.byteCap() > 0 ? " of " + bytes(c.byteCap()) : "")
                + " for a test pull: use mode MANIFEST to check that it resolves, or raise console.pull-tests.max-bytes.";
            case TRANSFER_TIMEOUT -> "The registry stopped sending, or the transfer ran past its deadline: check the registry's load and "
                + "storage back end and the network path; retry later, and raise console.pull-tests.deadline for very large images.";
            case SERVER_ERROR -> serverError(failure, c);
            case CANCELLED -> "It was cancelled (by a person, or because the console shut down): run it again.";
            case SIGNATURE_MISSING -> "The image arrived intact (its content matches every digest: this is not a corrupt layer, that would "
                + "be DIGEST_MISMATCH) but nothing signs its digest, and the environment requires a signature. Sign it with the key "
                + "whose public half the environment trusts (cosign sign --key cosign.key <image>@<digest>), and make sure the registry "
                + "serves the signature (the sha256-<hex>.sig tag, or the referrers API) - mirrors and replication often leave it behind.";
            case SIGNATURE_INVALID -> "The image arrived intact (not a corrupt layer, that would be DIGEST_MISMATCH), and a signature "
                + "exists, but none verifies for this digest with the environment's trusted keys: it was made with another key (add "
                + "that public key to the environment if you trust it), its payload was changed after signing, or it names another "
                + "image's digest (a signature copied along with a re-tagged or rebuilt image). Sign this exact digest again with a "
                + "trusted key. Notation signatures are detected but not verified by the console.";
            case TARGET_REJECTED -> "The target registry '" + c.registryName() + "' refused what was pushed"
                + (failure != null && failure.registryErrorCode().isPresent() ? " (" + failure.registryErrorCode().get() + ")" : "")
                + ": check its rules for this repository (immutable tags, allowed media types, quotas, a read-only or "
                + "proxy-cache project) and that the robot account may push there.";
            case PROXY_AUTH_REQUIRED -> "The environment's HTTP proxy answered 407: store the proxy username and password in the "
                + "environment's proxy settings (the same the nodes' HTTP_PROXY/HTTPS_PROXY carry as http://user:password@proxy:port), or "
                + "ask the proxy's owners to let the nodes through.";
            case PROXY_UNREACHABLE -> "The environment's HTTP proxy itself cannot be reached: check its host and port in the "
                + "environment's proxy settings, that the proxy runs, and that the console's host may connect to it.";
            case PROXY_REFUSED -> "The proxy refused to connect to " + host + " (403: its access rules, e.g. tinyproxy's ConnectPort or "
                + "squid's SSL_ports; 502/503: it cannot reach the registry itself). Let the proxy allow the registry's host and "
                + "port, or put the registry in NO_PROXY if the nodes reach it directly.";
            case CLOCK_SKEW -> "The credentials are fine: synchronise the clock that is off with NTP (chronyd or systemd-timesyncd; "
                + "'timedatectl' shows whether it is synchronised). Registries accept a token only within their leeway (distribution: "
                + "60 s) of its not-before and expiry times, and TLS certificates only within their validity by the local clock.";
        };
    }

    // ---------------------------------------------------------------- the longer texts

    private static String platformNotFound(RegistryException failure, DiagnosisContext c) {
        String platform = c.platform() == null ? "the requested platform" : c.platform();
        String fix = ": choose one of the platforms it offers (in the message) for the test pull or the environment, or build and push "
            + "a multi-platform image (docker buildx build --platform ...).";
        if (failure != null && failure.phase().orElse(null) == Phase.CONFIG) {
            // a single-platform image: only its config says the platform, and the runtimes differ in what they do with it
            return "The image is built for one platform only, not " + platform + fix + " On a " + platform + " node containerd and "
                + "CRI-O refuse it (\"no match for platform in manifest\"); Docker pulls it anyway, warns at docker run that the "
                + "platforms differ, and its containers fail with \"exec format error\" unless QEMU emulation (binfmt_misc) is set up.";
        }
        return "The image has no variant for " + platform + fix;
    }

    private static String blocked(RegistryException failure, String url) {
        String message = failure == null ? "" : String.valueOf(failure.getMessage());
        if (message.contains("plain http")) {
            return "The registry's token service is plain HTTP, and the console sends credentials over plain HTTP only to registries "
                + "marked insecure: give the token service an https:// realm (auth.token.realm in the registry's config), or mark the "
                + "registry insecure if this is a lab.";
        }
        return "The console's outbound policy forbids the address " + host(url) + " resolves to. If the registry really lives "
            + "there, add its range to CONSOLE_OUTBOUND_ALLOW; otherwise correct the URL (link-local addresses such as 169.254.169.254 "
            + "are cloud metadata services and stay blocked).";
    }

    private static String untrusted(RegistryException failure, DiagnosisContext c) {
        boolean selfSigned = failure != null && String.valueOf(failure.getMessage()).contains("self-signed");
        if (c.caConfigured()) {
            return "The certificate is not signed by the CA stored for '" + c.registryName() + "': store the CA that issued it (the root "
                + "of the chain, plus intermediates if the registry does not send them)" + (selfSigned ? ", or the self-signed "
                + "certificate itself" : "") + ".";
        }
        return "Add the certificate of the CA that signed the registry's certificate (PEM)" + (selfSigned ? " — for a self-signed "
            + "certificate, the certificate itself —" : "") + " to registry '" + c.registryName() + "'; the same CA must go to "
            + "/etc/docker/certs.d/" + hostPort(c.url()) + "/ca.crt on the nodes. Marking the registry insecure works but turns off "
            + "the protection.";
    }

    private static String protocolMismatch(DiagnosisContext c) {
        if (c.url() != null && c.url().startsWith("https://")) {
            return "This registry answers plain HTTP on the port you marked https: change the URL to http://" + hostPort(c.url())
                + " and mark the registry insecure (runtimes then need it in insecure-registries), or enable TLS on the registry, "
                + "or use its TLS port.";
        }
        return "The port speaks TLS but the URL says http://: change the URL to https://" + hostPort(c.url())
            + " (add the registry's CA if it is private).";
    }

    private static String notARegistry(DiagnosisContext c) {
        String advice = "'" + c.registryName() + "' answers HTTP, but not with the registry API at /v2/: the URL points at a web page, "
            + "a load balancer's default site or the wrong port. ";
        RegistryProvider p = c.provider();
        if (p == RegistryProvider.NEXUS) {
            return advice + "Nexus serves Docker repositories on the HTTP(S) connector port of each Docker repository (or behind a "
                + "reverse proxy per repository): use that port.";
        }
        if (p == RegistryProvider.ARTIFACTORY) {
            return advice + "Artifactory serves Docker repositories on their own host name or port (repository path method via a "
                + "reverse proxy): use the registry endpoint the repository's 'Set Me Up' shows.";
        }
        if (p == RegistryProvider.HARBOR) {
            return advice + "Harbor serves /v2/ on the same host as its UI; a web page here means a proxy in front answers itself: "
                + "check the proxy's routing for /v2/ and /service/token.";
        }
        return advice + "Use the host and port the registry API is served on (the one docker login accepts).";
    }

    private static String authRequired(DiagnosisContext c) {
        if (c.hasCredentials()) {
            return "The registry does not accept anonymous access here and the stored credential was not used for it: check that the "
                + "registry's authentication realm and the stored credential belong together.";
        }
        String who = c.provider() == RegistryProvider.DOCKER_HUB
            ? "Docker Hub serves public images anonymously, so the repository is private or does not exist: "
            : "";
        return who + "Store a credential on registry '" + c.registryName() + "': username and password, a robot account (Harbor: "
            + "robot$name) or an access token, with pull permission.";
    }

    private static String invalidCredentials(DiagnosisContext c) {
        String user = c.username() == null ? "" : " of '" + c.username() + "'";
        if (c.credentialKind() == CredentialKind.TOKEN && "Basic".equals(c.authScheme())) {
            return "This registry only speaks HTTP Basic, so the stored identity token was sent as a password and rejected: store a "
                + "username and password (or an access token used as the password) instead.";
        }
        if (c.credentialKind() == CredentialKind.TOKEN) {
            return "The token service rejected the stored identity token" + user + ": it was revoked or belongs to another registry. "
                + "Log in again (docker login) and store the new identity token, or store username and password instead.";
        }
        StringBuilder advice = new StringBuilder();
        if ("Bearer".equals(c.authScheme())) {
            advice.append("The registry's token service rejected the password").append(user)
                .append(": the password is wrong, or the account is disabled or locked. ");
        } else {
            advice.append("The registry rejected the password").append(user).append(" (HTTP Basic): the password is wrong or the account is ")
                .append("disabled. ");
        }
        advice.append("Store the current password on registry '").append(c.registryName()).append("'");
        if (c.provider() == RegistryProvider.HARBOR) {
            advice.append("; Harbor robot accounts log in as robot$<name> (robot$<project>+<name> for project robots) with the robot's secret");
        } else if (c.provider() == RegistryProvider.GHCR) {
            advice.append("; GitHub Container Registry wants a personal access token with read:packages as the password");
        } else if (c.provider() == RegistryProvider.ECR) {
            advice.append("; ECR passwords are tokens valid for 12 hours (aws ecr get-login-password)");
        } else if (c.provider() == RegistryProvider.DOCKER_HUB) {
            advice.append("; with two-factor authentication Docker Hub needs a personal access token instead of the password");
        }
        return advice.append('.').toString();
    }

    private static String accessDenied(RegistryException failure, DiagnosisContext c) {
        if (failure != null && failure.phase().filter(p -> p == Phase.PING).isPresent()) {
            return "The registry refuses the console at the door (403 on /v2/): an IP allow list, a proxy rule or a WAF blocks the "
                + "console's address; allow it there.";
        }
        String who = c.username() == null ? "the stored account" : "'" + c.username() + "'";
        return "The credentials are valid, but " + who + " may not pull " + quoted(repository(c.subject())) + "— grant pull on it "
            + "(Harbor: add the account or robot to the project; GHCR: package access; others: a read permission on the repository), "
            + "or store an account that has it.";
    }

    private static String manifestNotFound(DiagnosisContext c) {
        String base = "The repository " + quoted(repository(c.subject())) + "exists, but not with that tag or digest";
        if (c.tagSuggestions().isEmpty()) {
            return base + ": check the tag (tags are case-sensitive) or push it.";
        }
        List<String> shown = c.tagSuggestions().subList(0, Math.min(5, c.tagSuggestions().size()));
        return base + ". Closest existing tags: " + String.join(", ", shown) + ".";
    }

    private static String rateLimited(RegistryException failure, DiagnosisContext c) {
        StringBuilder advice = new StringBuilder("The registry limits how many pulls it serves");
        RateLimit limit = failure == null ? null : failure.rateLimit().orElse(null);
        if (limit != null && !limit.toString().isEmpty()) {
            advice.append(" (").append(limit);
            limit.source().ifPresent(s -> advice.append(", counted for ").append(s));
            advice.append(')');
        }
        if (failure != null && failure.retryAfter().isPresent()) {
            advice.append(" and asks to wait ").append(failure.retryAfter().get().toSeconds()).append(" s");
        }
        advice.append(": wait for the window to reset");
        if (!c.hasCredentials()) {
            advice.append(", store a credential (authenticated users get a higher limit, Docker Hub counts anonymous pulls per IP)");
        }
        return advice.append(", or pull through a mirror or pull-through cache. Checks and MANIFEST test pulls use HEAD requests, ")
            .append("which Docker Hub does not count.").toString();
    }

    private static String serverError(RegistryException failure, DiagnosisContext c) {
        int status = failure == null ? 0 : failure.httpStatus().orElse(0);
        if (status == 502 || status == 503 || status == 504) {
            return "A proxy or load balancer in front of '" + c.registryName() + "' answered " + status + ": the registry behind it is "
                + "down, overloaded or restarting. Check it and its health checks, then try again.";
        }
        return "'" + c.registryName() + "' failed" + (status > 0 ? " with HTTP " + status : "") + " on its side: look at the registry's "
            + "log at the time shown (storage back end, database, disk space) and try again.";
    }

    // ---------------------------------------------------------------- helpers

    private boolean storedCredentialExpired(DiagnosisContext c) {
        return c.hasCredentials() && c.credentialExpiresAt() != null && c.credentialExpiresAt().isBefore(clock.instant());
    }

    private static String credentialNoun(DiagnosisContext c) {
        return c.credentialKind() == CredentialKind.TOKEN ? "identity token" : "password or access token";
    }

    /** The text as a sentence: capital first letter, final period. */
    public static String sentence(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String t = text.strip();
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") ? t : t + ".";
    }

    private static String quoted(String subject) {
        return subject == null ? "" : subject + " ";
    }

    private static String repository(String subject) {
        if (subject == null) {
            return null;
        }
        String s = subject;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? String.valueOf(url) : h;
        } catch (RuntimeException e) {
            return String.valueOf(url); // a remediation text names the URL as written when it is no URI
        }
    }

    static String hostPort(String url) {
        try {
            URI u = URI.create(url);
            int port = u.getPort() != -1 ? u.getPort() : "http".equals(u.getScheme()) ? 80 : 443;
            return u.getHost() + ":" + port;
        } catch (RuntimeException e) {
            return String.valueOf(url); // as above: the URL as written
        }
    }

    private static String apiUrl(String url) {
        if (url == null) {
            return "https://<host>/v2/";
        }
        URI u = URI.create(url);
        return u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/") ? url : url.replaceAll("/+$", "") + "/v2/";
    }

    /** scheme://host:port of the request that failed, from "GET https://h:1/v2/..." or "CONNECT https://h:1". */
    static java.util.Optional<String> failedUrl(RegistryException failure) {
        if (failure == null) {
            return java.util.Optional.empty();
        }
        return failure.request().map(r -> r.substring(r.indexOf(' ') + 1)).flatMap(u -> {
            try {
                URI uri = URI.create(u);
                if (uri.getHost() == null || uri.getScheme() == null) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            } catch (IllegalArgumentException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return n + " bytes";
    }
}
