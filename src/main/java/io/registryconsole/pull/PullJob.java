package io.registryconsole.pull;

import java.util.concurrent.CompletableFuture;

import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.PullHandle;
import io.registryconsole.plan.ContainerRuntime;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.shared.EventStream;

/**
 * A test pull held in memory while it is queued or running: what to pull, its progress stream, and how to stop it.
 *
 * @param reference for a registry pull, the reference as asked at that registry; null for an environment pull (the
 *                  plan decides per endpoint)
 */
final class PullJob {

    enum CancelResult {
        WAS_QUEUED, STOPPING, ALREADY_FINISHED
    }

    final long id;
    final String image;
    final ImageReference reference;
    final Long registryId;
    final String registryName;
    final Long environmentId;
    final String environmentName;
    final ContainerRuntime runtime;
    final Platform platform;
    final PullMode mode;
    final long maxBytes;
    /** for a registry pull, the registry's access as loaded when the test pull was accepted (its secret stays in memory) */
    final RegistryAccess access;
    /**
     * Server-sent events: {@code state}, {@code phase} (a phase started or finished), {@code progress} (bytes of a blob),
     * {@code attempt} (an endpoint was tried), {@code end}.
     */
    final EventStream<PullTestView> events = new EventStream<>(view -> view.status().isFinished());
    final CompletableFuture<PullTestView> done = new CompletableFuture<>();

    private boolean started;
    private boolean finished;
    private boolean cancelRequested;
    private boolean interruptedByShutdown;
    private Thread network;
    private PullHandle handle;

    PullJob(long id, String image, ImageReference reference, Long registryId, String registryName, Long environmentId,
            String environmentName, ContainerRuntime runtime, Platform platform, PullMode mode, long maxBytes, RegistryAccess access) {
        this.id = id;
        this.image = image;
        this.reference = reference;
        this.registryId = registryId;
        this.registryName = registryName;
        this.environmentId = environmentId;
        this.environmentName = environmentName;
        this.runtime = runtime;
        this.platform = platform;
        this.mode = mode;
        this.maxBytes = maxBytes;
        this.access = access;
    }

    /** @return false when it was cancelled while queued (and must not run) */
    synchronized boolean start() {
        if (cancelRequested) {
            return false;
        }
        started = true;
        return true;
    }

    synchronized void finished() {
        finished = true;
        network = null;
        handle = null;
    }

    synchronized CancelResult cancel() {
        if (finished) {
            return CancelResult.ALREADY_FINISHED;
        }
        cancelRequested = true;
        if (!started) {
            return CancelResult.WAS_QUEUED;
        }
        if (handle != null) {
            handle.cancel();
        }
        if (network != null) {
            network.interrupt();
        }
        return CancelResult.STOPPING;
    }

    /** Cancels it because the console stops; its result is then stored as interrupted. */
    synchronized CancelResult interruptForShutdown() {
        interruptedByShutdown = true;
        return cancel();
    }

    synchronized boolean interruptedByShutdown() {
        return interruptedByShutdown;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** The thread doing network work for the job (never one that touches the database): interrupted on cancel. */
    synchronized void attach(Thread thread) {
        network = thread;
        if (cancelRequested) {
            thread.interrupt();
        }
    }

    synchronized void attach(PullHandle pull) {
        handle = pull;
        if (cancelRequested) {
            pull.cancel();
        }
    }

    synchronized void detach() {
        network = null;
        handle = null;
    }
}
