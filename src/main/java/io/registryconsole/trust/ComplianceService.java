package io.registryconsole.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

import io.registryconsole.audit.AuditEventView;
import io.registryconsole.audit.AuditFilter;
import io.registryconsole.audit.AuditService;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.PingResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;

/**
 * Makes an environment's compliance report: measures each registry once (a ping with the stored settings, an
 * anonymous {@code GET /v2/}, the credential's age), then lets every rule judge. Keeps each environment's last score
 * for the dashboard, which must not contact registries on every visit.
 */
@Service
public class ComplianceService {

    private static final ClientOptions OPTIONS = ClientOptions.builder().connectTimeout(Duration.ofSeconds(5))
        .tlsHandshakeTimeout(Duration.ofSeconds(5)).firstByteTimeout(Duration.ofSeconds(10)).overallDeadline(Duration.ofSeconds(20))
        .maxAttempts(1).userAgent("registry-console-compliance").build();

    /** The last score of an environment, as the dashboard shows it. */
    public record LastScore(String environment, int score, long failed, Instant checkedAt) {
    }

    private final EnvironmentService environments;
    private final RegistryService registries;
    private final RegistryClients clients;
    private final AuditService audit;
    private final ComplianceProperties settings;
    private final List<ComplianceRule> rules;
    private final Clock clock = Clock.systemUTC();
    private final ComplianceScoreStore scores;

    ComplianceService(EnvironmentService environments, RegistryService registries, RegistryClients clients, AuditService audit,
                      ComplianceProperties settings, List<ComplianceRule> rules, ComplianceScoreStore scores) {
        this.environments = environments;
        this.registries = registries;
        this.clients = clients;
        this.audit = audit;
        this.settings = settings;
        this.rules = List.copyOf(rules);
        this.scores = scores;
    }

    /** Measures and judges now. @throws NotFoundException for an unknown environment */
    public ComplianceReport report(long environmentId) {
        ComplianceEvidence evidence = collect(environmentId);
        List<ComplianceReport.Rule> judged = new ArrayList<>();
        for (ComplianceRule rule : order(rules)) {
            if (rule.appliesTo(evidence)) {
                RuleResult r = rule.evaluate(evidence);
                judged.add(new ComplianceReport.Rule(rule.id(), rule.title(), r.status(), r.evidence(), r.remediation(), rule.controls()));
            }
        }
        ComplianceReport report = new ComplianceReport(new ComplianceReport.Environment(environmentId, evidence.environment().name()),
            evidence.now(), ComplianceReport.score(judged), judged);
        scores.save(environmentId, new LastScore(evidence.environment().name(), report.score(),
            judged.stream().filter(r -> r.status() == ComplianceStatus.FAIL).count(), report.checkedAt()));
        return report;
    }

    /** The score of each environment's last report, by environment id (whichever instance made it). */
    public Map<Long, LastScore> lastScores() {
        return scores.all();
    }

    ComplianceEvidence collect(long environmentId) {
        EnvironmentView environment = environments.get(environmentId);
        List<RegistryEvidence> measured = new ArrayList<>();
        for (long registryId : environment.registries().stream().map(BindingView::registryId).distinct().toList()) {
            RegistryAccess access = registries.findAccess(registryId).orElseThrow(() -> new NotFoundException("registry", registryId));
            measured.add(measure(access, registries.get(registryId).labels(), registries.credentialSetAt(registryId)));
        }
        PageView<AuditEventView> oldest = audit.list(AuditFilter.ALL, PageRequest.of(0, 1, Sort.by(Sort.Order.asc("occurredAt"))));
        return new ComplianceEvidence(environment, environments.trustPolicy(environmentId), measured,
            oldest.content().stream().findFirst().map(AuditEventView::occurredAt), oldest.page().totalElements(), settings, clock.instant());
    }

    private RegistryEvidence measure(RegistryAccess access, List<String> labels, Optional<Instant> credentialSetAt) {
        Optional<PingResult> ping = Optional.empty();
        Optional<RegistryException> failure = Optional.empty();
        try {
            ping = Optional.of(clients.fresh(access, OPTIONS).ping());
        } catch (RegistryException e) {
            failure = Optional.of(e);
        } catch (IllegalArgumentException e) {
            failure = Optional.of(new RegistryException(io.registryconsole.distribution.Category.TLS_UNTRUSTED,
                "the stored settings cannot be used: " + e.getMessage()));
        }
        Optional<Integer> anonymousStatus = Optional.empty();
        Optional<String> challenge = Optional.empty();
        try {
            // the registry's own TLS trust, but no credentials: what any client on the network would get
            RegistryEndpoint anonymous = RegistryEndpoint.of(access.url(), true, access.caCertificatePem(), Credentials.anonymous());
            PingResult open = RegistryClient.create(anonymous, OPTIONS, clients.policy()).ping();
            anonymousStatus = Optional.of(open.status());
            challenge = open.challenges().stream().findFirst().map(c -> c.scheme() + c.realm().map(r -> " realm " + r).orElse(""));
        } catch (RegistryException | IllegalArgumentException e) {
            // not reachable: the rule says so
        }
        return new RegistryEvidence(access, labels, ping, failure, anonymousStatus, challenge, credentialSetAt);
    }

    /** The rules fixed by the API first, in its order, then the others by id. */
    private static List<ComplianceRule> order(List<ComplianceRule> rules) {
        List<String> fixed = List.of("TRANSPORT_ENCRYPTED", "AUTHENTICATED_ACCESS", "CREDENTIALS_FRESH", "CERTIFICATES_VALID",
            "SIGNATURES_REQUIRED", "AUDIT_RETAINED");
        return rules.stream().sorted((a, b) -> {
            int ia = fixed.indexOf(a.id());
            int ib = fixed.indexOf(b.id());
            if (ia >= 0 || ib >= 0) {
                return Integer.compare(ia < 0 ? Integer.MAX_VALUE : ia, ib < 0 ? Integer.MAX_VALUE : ib);
            }
            return a.id().compareTo(b.id());
        }).toList();
    }
}
