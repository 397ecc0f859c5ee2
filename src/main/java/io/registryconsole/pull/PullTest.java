package io.registryconsole.pull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.registryconsole.plan.ContainerRuntime;

/** A test pull: what was asked, and (once finished) what happened. JSON parts are stored as text. */
@Entity
@Table(name = "pull_test")
class PullTest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private PullStatus status;

    @Column(nullable = false, length = 600)
    private String image;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private PullMode mode;

    @Column(nullable = false, length = 64)
    private String platform;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private ContainerRuntime runtime;

    @Column(name = "registry_id")
    private Long registryId;

    @Column(name = "registry_name", length = 63)
    private String registryName;

    @Column(name = "environment_id")
    private Long environmentId;

    @Column(name = "environment_name", length = 63)
    private String environmentName;

    @Column(name = "requested_by", length = 255)
    private String requestedBy;

    @Column(name = "max_bytes", nullable = false)
    private long maxBytes;

    @Column(name = "instance_id", nullable = false, length = 64)
    private String instanceId;

    @Column(name = "heartbeat_at", nullable = false)
    private Instant heartbeatAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(length = 200)
    private String digest;

    @Column(name = "media_type", length = 255)
    private String mediaType;

    private Long bytes;

    private Integer layers;

    @Column(name = "duration_ms")
    private Long durationMs;

    private Long throughput;

    @Column(name = "served_by", length = 300)
    private String servedBy;

    @Column(name = "platforms_json", length = 4000)
    private String platformsJson;

    @Column(name = "phases_json", length = 20000)
    private String phasesJson;

    @Column(name = "attempts_json", length = 100_000)
    private String attemptsJson;

    @Column(name = "failure_category", length = 32)
    private String failureCategory;

    @Column(name = "failure_message", length = 4000)
    private String failureMessage;

    @Column(name = "failure_remediation", length = 4000)
    private String failureRemediation;

    @Column(name = "suggestions_json", length = 4000)
    private String suggestionsJson;

    @Column(name = "signature_status", length = 16)
    private String signatureStatus;

    @Column(name = "signature_kind", length = 16)
    private String signatureKind;

    @Column(name = "signature_detail", length = 4000)
    private String signatureDetail;

    protected PullTest() {
    }

    PullTest(String image, PullMode mode, String platform, ContainerRuntime runtime, Long registryId, String registryName,
             Long environmentId, String environmentName, String requestedBy, long maxBytes, String instanceId, Instant now) {
        this.status = PullStatus.QUEUED;
        this.image = image;
        this.mode = mode;
        this.platform = platform;
        this.runtime = runtime;
        this.registryId = registryId;
        this.registryName = registryName;
        this.environmentId = environmentId;
        this.environmentName = environmentName;
        this.requestedBy = requestedBy;
        this.maxBytes = maxBytes;
        this.instanceId = instanceId;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.heartbeatAt = this.createdAt;
    }

    /** @param json writes the structured parts as JSON text */
    void finish(PullOutcome o, java.util.function.Function<Object, String> json, Instant now) {
        status = o.status();
        finishedAt = now.truncatedTo(ChronoUnit.MICROS);
        digest = o.digest();
        mediaType = cut(o.mediaType(), 255);
        bytes = o.bytes();
        layers = o.layers();
        durationMs = o.durationMs();
        throughput = o.throughput();
        servedBy = cut(o.servedBy(), 300);
        platformsJson = json.apply(o.platforms());
        phasesJson = json.apply(o.phases());
        attemptsJson = json.apply(o.attempts());
        if (o.failure() != null) {
            failureCategory = o.failure().category().name();
            failureMessage = cut(o.failure().message(), 4000);
            failureRemediation = cut(o.failure().remediation(), 4000);
        }
        suggestionsJson = o.failure() == null ? null : json.apply(o.failure().suggestions());
        if (o.signature() != null) {
            signatureStatus = o.signature().status().name();
            signatureKind = o.signature().kind() == null ? null : o.signature().kind().name();
            signatureDetail = cut(o.signature().detail(), 4000);
        }
    }

    String signatureStatus() {
        return signatureStatus;
    }

    String signatureKind() {
        return signatureKind;
    }

    String signatureDetail() {
        return signatureDetail;
    }

    /** Cancelled while still waiting in the queue. */
    void cancelQueued(Instant now) {
        status = PullStatus.CANCELLED;
        finishedAt = now.truncatedTo(ChronoUnit.MICROS);
        failureCategory = "CANCELLED";
        failureMessage = "cancelled before it started";
        failureRemediation = "Run it again when needed.";
    }

    /** Closed because the instance that queued or ran it stopped (restart, crash) before it finished. */
    void abandon(Instant now) {
        boolean wasRunning = status == PullStatus.RUNNING;
        status = wasRunning ? PullStatus.FAILED : PullStatus.CANCELLED;
        finishedAt = now.truncatedTo(ChronoUnit.MICROS);
        failureCategory = "CANCELLED";
        failureMessage = "the console instance that " + (wasRunning ? "ran" : "queued") + " this test pull stopped before it finished";
        failureRemediation = "Run the test pull again.";
    }

    /**
     * Closed by its own instance as it shut down (graceful stop): a running one becomes FAILED, a queued one
     * CANCELLED, both with category CANCELLED and a message that says the console was stopped.
     */
    void interrupt(Instant now) {
        boolean wasRunning = status == PullStatus.RUNNING;
        status = wasRunning ? PullStatus.FAILED : PullStatus.CANCELLED;
        finishedAt = now.truncatedTo(ChronoUnit.MICROS);
        failureCategory = "CANCELLED";
        failureMessage = INTERRUPTED_MESSAGE;
        failureRemediation = "Run the test pull again.";
    }

    static final String INTERRUPTED_MESSAGE = "interrupted: the console was stopped while this test pull was queued or running";

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    Long id() {
        return id;
    }

    PullStatus status() {
        return status;
    }

    String image() {
        return image;
    }

    PullMode mode() {
        return mode;
    }

    String platform() {
        return platform;
    }

    ContainerRuntime runtime() {
        return runtime;
    }

    Long registryId() {
        return registryId;
    }

    String registryName() {
        return registryName;
    }

    Long environmentId() {
        return environmentId;
    }

    String environmentName() {
        return environmentName;
    }

    String requestedBy() {
        return requestedBy;
    }

    long maxBytes() {
        return maxBytes;
    }

    String instanceId() {
        return instanceId;
    }

    Instant heartbeatAt() {
        return heartbeatAt;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    String digest() {
        return digest;
    }

    String mediaType() {
        return mediaType;
    }

    Long bytes() {
        return bytes;
    }

    Integer layers() {
        return layers;
    }

    Long durationMs() {
        return durationMs;
    }

    Long throughput() {
        return throughput;
    }

    String servedBy() {
        return servedBy;
    }

    String platformsJson() {
        return platformsJson;
    }

    String phasesJson() {
        return phasesJson;
    }

    String attemptsJson() {
        return attemptsJson;
    }

    String failureCategory() {
        return failureCategory;
    }

    String failureMessage() {
        return failureMessage;
    }

    String failureRemediation() {
        return failureRemediation;
    }

    String suggestionsJson() {
        return suggestionsJson;
    }
}
