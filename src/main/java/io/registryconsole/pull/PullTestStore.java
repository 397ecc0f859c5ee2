package io.registryconsole.pull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.SignatureKind;
import io.registryconsole.distribution.SignatureStatus;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.Sorting;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The stored test pulls: each state change is its own short transaction (the network work happens outside). */
@Component
@Transactional
class PullTestStore {

    private static final Set<String> SORTABLE = Set.of("createdAt", "finishedAt", "status", "durationMs");
    private static final Set<PullStatus> ACTIVE = Set.of(PullStatus.QUEUED, PullStatus.RUNNING);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<PullTestView.Phase>> PHASES = new TypeReference<>() {
    };
    private static final TypeReference<List<PullTestView.Attempt>> ATTEMPTS = new TypeReference<>() {
    };

    private final PullTestRepository repository;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    PullTestStore(PullTestRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    PullTestView create(PullTest test) {
        return view(repository.saveAndFlush(test));
    }

    void markRunning(long id) {
        repository.markRunning(id, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    PullTestView finish(long id, PullOutcome outcome) {
        PullTest test = find(id);
        test.finish(outcome, json::writeValueAsString, clock.instant());
        return view(test);
    }

    /** @return the view when the test was still queued and is now cancelled, else empty */
    Optional<PullTestView> cancelQueued(long id) {
        PullTest test = find(id);
        if (test.status() != PullStatus.QUEUED) {
            return Optional.empty();
        }
        test.cancelQueued(clock.instant());
        return Optional.of(view(test));
    }

    int heartbeat(String instance) {
        return repository.heartbeat(instance, ACTIVE, clock.instant());
    }

    /** Closes the queued and running test pulls whose instance stopped marking them. */
    List<Long> abandonStale(Duration staleAfter) {
        List<PullTest> stale = repository.findByStatusInAndHeartbeatAtBefore(ACTIVE, clock.instant().minus(staleAfter));
        stale.forEach(t -> t.abandon(clock.instant()));
        return stale.stream().map(PullTest::id).toList();
    }

    /** Closes this instance's queued and running test pulls as it stops. */
    List<Long> interruptAll(String instance) {
        List<PullTest> open = repository.findByInstanceIdAndStatusIn(instance, ACTIVE);
        open.forEach(t -> t.interrupt(clock.instant()));
        return open.stream().map(PullTest::id).toList();
    }

    int deleteFinishedBefore(Duration age) {
        return repository.deleteFinishedBefore(clock.instant().minus(age));
    }

    @Transactional(readOnly = true)
    PullTestView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    PageView<PullTestView> list(PullTestFilter filter, Pageable pageable) {
        Pageable page = Sorting.restrict(pageable, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "id")));
        return PageView.of(repository.findAll(PullTestSpecifications.matching(filter), page), this::view);
    }

    private PullTest find(long id) {
        return repository.findById(id).orElseThrow(() -> new NotFoundException("pull test", id));
    }

    PullTestView view(PullTest t) {
        PullTestView.Failure failure = t.failureCategory() == null ? null : new PullTestView.Failure(Category.valueOf(t.failureCategory()),
            t.failureMessage(), t.failureRemediation(), read(t.suggestionsJson(), STRINGS));
        return new PullTestView(t.id(), t.status(), t.image(), t.registryId(), t.registryName(), t.environmentId(), t.environmentName(),
            t.runtime(), t.platform(), t.mode(), t.digest(), t.mediaType(), read(t.platformsJson(), STRINGS), t.bytes(), t.layers(),
            t.durationMs(), t.throughput(), read(t.phasesJson(), PHASES), t.servedBy(), read(t.attemptsJson(), ATTEMPTS), failure,
            t.maxBytes(), t.requestedBy(), t.createdAt(), t.startedAt(), t.finishedAt(), signature(t));
    }

    /** Stored signature findings; rows from before signatures were looked at, and unfinished ones, say NOT_CHECKED. */
    private static PullTestView.Signature signature(PullTest t) {
        if (t.signatureStatus() == null) {
            return t.finishedAt() == null ? new PullTestView.Signature(SignatureStatus.NOT_CHECKED, null, "the test pull has not finished")
                : PullTestView.Signature.NOT_LOOKED_AT;
        }
        return new PullTestView.Signature(SignatureStatus.valueOf(t.signatureStatus()),
            t.signatureKind() == null ? null : SignatureKind.valueOf(t.signatureKind()), t.signatureDetail());
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        return text == null ? List.of() : json.readValue(text, type);
    }
}
