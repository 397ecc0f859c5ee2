package io.registryconsole.check;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.registryconsole.connect.PhaseRecorder;
import io.registryconsole.connect.RateLimitGauges;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.distribution.AuthResult;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.CertificateInfo;
import io.registryconsole.distribution.Challenge;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.Phase;
import io.registryconsole.distribution.PingResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.distribution.RepositoryCheck;
import io.registryconsole.distribution.TlsInfo;
import io.registryconsole.registry.RegistryAccess;

/** One connection check of one registry, step by step. */
final class CheckRun {

    private static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

    private final RegistryAccess access;
    private final Optional<String> repository;
    private final RegistryClients clients;
    private final ClientOptions options;
    private final Diagnosis diagnosis;
    private final RateLimitGauges rateLimits;
    private final Clock clock;
    private final Map<StepName, CheckStep> steps = new EnumMap<>(StepName.class);
    private volatile DiagnosisContext context;
    private volatile StepName stage = StepName.CONFIG;
    private volatile PhaseRecorder activeRecorder;
    private String firstWarningAdvice;
    private Instant certificateNotAfter;

    CheckRun(RegistryAccess access, Optional<String> repository, RegistryClients clients, ClientOptions options, Diagnosis diagnosis,
             RateLimitGauges rateLimits, Clock clock) {
        this.access = access;
        this.repository = repository;
        this.clients = clients;
        this.options = options;
        this.diagnosis = diagnosis;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.context = DiagnosisContext.of(access).withSubject(repository.orElse(null), null);
    }

    /** the registry's clock minus the console's at the ping (Date has second resolution), when it sent a Date */
    private Long registryClockOffsetMs;

    CheckReport run() {
        Instant checkedAt = clock.instant();
        long start = System.nanoTime();

        ConfigLint.Result lint = ConfigLint.lint(access, checkedAt);
        put(StepName.CONFIG, lint.status(), elapsedMs(start), lint.detail(), lint.remediation());
        if (lint.fatal() != null) {
            return failed(checkedAt, start, new Explanation(lint.fatal(), Diagnosis.sentence(lint.detail()), lint.remediation()));
        }

        RegistryClient client = clients.fresh(access, options);
        PhaseRecorder contact = new PhaseRecorder();
        activeRecorder = contact;
        stage = StepName.API;
        PingResult ping;
        try {
            ping = client.ping(contact);
        } catch (RegistryException e) {
            recordContactSteps(contact, null);
            return failure(checkedAt, start, e, contact, stepOf(e, contact, StepName.API));
        }
        recordContactSteps(contact, ping);
        Instant now = clock.instant();
        registryClockOffsetMs = ping.serverDate().map(date -> java.time.Duration.between(now, date).toMillis()).orElse(null);
        context = context.withAuthScheme(scheme(ping));

        PhaseRecorder login = new PhaseRecorder();
        stage = StepName.AUTH;
        AuthResult auth;
        try {
            auth = client.checkAuth(login);
        } catch (RegistryException e) {
            return failure(checkedAt, start, e, login, StepName.AUTH);
        }
        put(StepName.AUTH, StepStatus.PASS, login.millis(Phase.AUTH), describe(auth), null);

        if (repository.isPresent()) {
            PhaseRecorder pull = new PhaseRecorder();
            stage = StepName.REPOSITORY;
            try {
                RepositoryCheck repo = client.checkRepository(repository.get(), pull);
                put(StepName.REPOSITORY, StepStatus.PASS, pull.millis(Phase.TAGS) + pull.millis(Phase.AUTH),
                    "may pull " + repo.repository() + repo.sampleTag().map(t -> " (it has tags, e.g. " + t + ")").orElse(" (no tags yet)"),
                    null);
            } catch (RegistryException e) {
                return failure(checkedAt, start, e, pull, StepName.REPOSITORY);
            }
        } else {
            put(StepName.REPOSITORY, StepStatus.SKIP, 0, "no repository given", null);
        }
        return passed(checkedAt, start, auth);
    }

    // ---------------------------------------------------------------- contact steps

    private void recordContactSteps(PhaseRecorder contact, PingResult ping) {
        if (contact.saw(Phase.DNS)) {
            put(StepName.DNS, StepStatus.PASS, contact.millis(Phase.DNS), ping == null ? "resolved" : addresses(ping.addresses()), null);
        }
        if (contact.saw(Phase.CONNECT)) {
            put(StepName.TCP, StepStatus.PASS, contact.millis(Phase.CONNECT), "connected to port " + port(ping), null);
        }
        if (ping != null) {
            if (ping.tls().isPresent()) {
                tls(ping.tls().get(), contact.millis(Phase.TLS));
            } else {
                put(StepName.TLS, StepStatus.SKIP, 0, "plain HTTP (" + ping.endpoint() + "): no TLS", null);
            }
            put(StepName.API, StepStatus.PASS, contact.millis(Phase.PING), describe(ping), null);
        } else if (contact.saw(Phase.TLS)) {
            put(StepName.TLS, StepStatus.PASS, contact.millis(Phase.TLS), "handshake completed", null);
        }
    }

    private String addresses(List<InetAddress> addresses) {
        OutboundPolicy policy = clients.policy();
        return addresses.stream().map(a -> a.getHostAddress() + " (" + policy.decide(a).reason() + ")").collect(Collectors.joining(", "));
    }

    private String port(PingResult ping) {
        if (ping == null) {
            return String.valueOf(Diagnosis.hostPort(access.url()));
        }
        int port = ping.endpoint().getPort() != -1 ? ping.endpoint().getPort() : "https".equals(ping.endpoint().getScheme()) ? 443 : 80;
        return port + (ping.addresses().isEmpty() ? "" : " of " + ping.addresses().get(0).getHostAddress());
    }

    private void tls(TlsInfo tls, long millis) {
        Instant now = clock.instant();
        StringBuilder detail = new StringBuilder(tls.protocol());
        Optional<CertificateInfo> leaf = tls.leaf();
        StepStatus status = StepStatus.PASS;
        String advice = null;
        if (leaf.isPresent()) {
            CertificateInfo c = leaf.get();
            // what expires first decides: usually the leaf, sometimes an intermediate
            certificateNotAfter = tls.chain().stream().map(CertificateInfo::notAfter).min(java.util.Comparator.naturalOrder())
                .orElse(c.notAfter());
            long days = Duration.between(now, c.notAfter()).toDays();
            detail.append("; certificate ").append(c.subject()).append(" issued by ").append(c.issuer())
                .append("; valid until ").append(ConfigLint.day(c.notAfter())).append(" (").append(days).append(" days)");
            if (!c.subjectAltNames().isEmpty()) {
                detail.append("; names ").append(String.join(", ", c.subjectAltNames()));
            }
            if (c.notAfter().isAfter(now) && c.notAfter().isBefore(now.plus(CERTIFICATE_WARNING))) {
                status = StepStatus.WARN;
                detail.append("; expires in ").append(days).append(" days");
                advice = "Renew the registry's certificate before " + ConfigLint.day(c.notAfter()) + ".";
            }
        }
        if (tls.skippedProblem().isPresent()) {
            RegistryException skipped = tls.skippedProblem().get();
            status = StepStatus.WARN;
            detail.append("; NOT verified because the registry is marked insecure: ").append(skipped.category()).append(", ")
                .append(skipped.getMessage());
            advice = diagnosis.remediation(skipped.category(), skipped, context);
        }
        put(StepName.TLS, status, millis, detail.toString(), advice);
    }

    private static String scheme(PingResult ping) {
        if (ping.challenges().stream().anyMatch(c -> c.is("Bearer"))) {
            return "Bearer";
        }
        if (ping.challenges().stream().anyMatch(c -> c.is("Basic"))) {
            return "Basic";
        }
        return null;
    }

    private static String describe(PingResult ping) {
        StringBuilder s = new StringBuilder("GET /v2/ answered ").append(ping.status());
        ping.apiVersion().ifPresent(v -> s.append(" (").append(v).append(')'));
        if (!ping.requiresAuthentication()) {
            return s.append(": a registry that asks for no authentication").toString();
        }
        Optional<Challenge> bearer = ping.challenges().stream().filter(c -> c.is("Bearer")).findFirst();
        if (bearer.isPresent()) {
            s.append(": a registry with token authentication");
            bearer.get().realm().ifPresent(r -> s.append(", token service ").append(r));
            bearer.get().service().ifPresent(v -> s.append(" (service ").append(v).append(')'));
            return s.toString();
        }
        return s.append(": a registry asking for ")
            .append(ping.challenges().stream().map(Challenge::scheme).distinct().collect(Collectors.joining(", "))).append(" authentication")
            .toString();
    }

    private String describe(AuthResult auth) {
        String lifetime = auth.tokenLifetime().map(d -> ", token valid " + d.toSeconds() + " s").orElse("");
        String service = auth.tokenService().map(s -> " by the token service at " + s).orElse("");
        if (auth.scheme().equals("none")) {
            return access.username() != null || !auth.anonymous()
                ? "the registry asks for no authentication; the stored credential is not needed"
                : "the registry asks for no authentication";
        }
        if (auth.anonymous()) {
            return "anonymous access: " + ("Bearer".equals(auth.scheme()) ? "an anonymous token was issued" + service + lifetime
                : "no credential stored");
        }
        String who = access.username() == null ? "the stored " + access.credentialKind().name().toLowerCase() + " credential"
            : "the credentials of '" + access.username() + "'";
        return who + " were accepted" + ("Basic".equals(auth.scheme()) ? " (HTTP Basic)" : service + lifetime);
    }

    // ---------------------------------------------------------------- verdicts

    private CheckReport failure(Instant checkedAt, long start, RegistryException e, PhaseRecorder recorder, StepName step) {
        rateLimits.record(access.name(), e);
        long millis = failedMillis(recorder, e);
        put(step, StepStatus.FAIL, millis, e.getMessage(), null);
        return failed(checkedAt, start, diagnosis.explain(e, context));
    }

    private synchronized CheckReport failed(Instant checkedAt, long start, Explanation explanation) {
        for (StepName name : StepName.values()) {
            steps.putIfAbsent(name, CheckStep.skipped(name, "not run: an earlier step failed"));
        }
        return new CheckReport(false, explanation.category(), explanation.summary(), explanation.remediation(), List.copyOf(steps.values()),
            checkedAt, certificateNotAfter, elapsedMs(start), registryClockOffsetMs);
    }

    private synchronized CheckReport passed(Instant checkedAt, long start, AuthResult auth) {
        long warnings = steps.values().stream().filter(s -> s.status() == StepStatus.WARN).count();
        StringBuilder summary = new StringBuilder("'").append(access.name()).append("' answers as a registry at ").append(access.url());
        if (auth.anonymous() || auth.scheme().equals("none")) {
            summary.append(", anonymous access works");
        } else {
            summary.append(", the stored credentials are accepted");
        }
        repository.ifPresent(r -> summary.append(" and ").append(r).append(" may be pulled"));
        if (warnings > 0) {
            summary.append("; ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        return new CheckReport(true, null, summary.append('.').toString(), firstWarningAdvice, List.copyOf(steps.values()), checkedAt,
            certificateNotAfter, elapsedMs(start), registryClockOffsetMs);
    }

    private synchronized void put(StepName name, StepStatus status, long millis, String detail, String advice) {
        steps.put(name, new CheckStep(name, status, millis, detail));
        if (status == StepStatus.WARN && firstWarningAdvice == null) {
            firstWarningAdvice = advice;
        }
    }

    /** The failed span's own duration when the client recorded it, else what the recorder has for the phase. */
    private static long failedMillis(PhaseRecorder recorder, RegistryException e) {
        return recorder.timings().stream().filter(t -> t.failure() != null).reduce((a, b) -> b)
            .map(t -> t.duration().toMillis())
            .orElseGet(() -> e.phase().map(recorder::millis).orElse(0L));
    }

    /** Where the first contact failed: the client's phase, else the phase it had started last. */
    static StepName stepOf(RegistryException e, PhaseRecorder recorder, StepName fallback) {
        return e.phase().or(recorder::lastStarted).map(CheckRun::stepOf).orElse(fallback);
    }

    static StepName stepOf(Phase phase) {
        return switch (phase) {
            case DNS -> StepName.DNS;
            case CONNECT -> StepName.TCP;
            case TLS -> StepName.TLS;
            case PING -> StepName.API;
            case AUTH -> StepName.AUTH;
            case MANIFEST, CONFIG, LAYER, TAGS, BLOB_UPLOAD, MANIFEST_PUT -> StepName.REPOSITORY;
        };
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * The report of a check that is still running after its time ran out (a name lookup the JVM cannot interrupt,
     * a pool too small for the batch): the step it is in fails.
     */
    CheckReport unfinished(Instant checkedAt, Duration limit) {
        StepName step;
        PhaseRecorder recorder = activeRecorder;
        if (stage == StepName.API && recorder != null) {
            step = recorder.lastStarted().map(CheckRun::stepOf).orElse(StepName.DNS);
        } else {
            step = stage;
        }
        Category category = switch (step) {
            case DNS -> Category.DNS_FAILURE;
            case CONFIG, TCP, TLS -> Category.CONNECT_TIMEOUT;
            case API, AUTH, REPOSITORY -> Category.TRANSFER_TIMEOUT;
        };
        String what = (step == StepName.DNS ? "the name " + Diagnosis.host(access.url()) + " did not resolve"
            : "no complete answer from " + Diagnosis.hostPort(access.url())) + " within " + limit.toSeconds() + " s";
        synchronized (this) {
            steps.put(step, new CheckStep(step, StepStatus.FAIL, limit.toMillis(), what));
            for (StepName name : StepName.values()) {
                steps.putIfAbsent(name, CheckStep.skipped(name, "not run: an earlier step did not finish"));
            }
            Explanation e = diagnosis.explain(category, what, context);
            return new CheckReport(false, category, e.summary(), e.remediation(), List.copyOf(steps.values()), checkedAt, certificateNotAfter,
                limit.toMillis());
        }
    }
}
