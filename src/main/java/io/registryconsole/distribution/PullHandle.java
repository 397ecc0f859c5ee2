package io.registryconsole.distribution;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A pull running in the background: wait for it, or cancel it. */
public final class PullHandle {

    private final CompletableFuture<PullResult> result;
    private final Operation operation;

    PullHandle(CompletableFuture<PullResult> result, Operation operation) {
        this.result = result;
        this.operation = operation;
    }

    /** Completes with the result, or exceptionally with a {@link RegistryException}. */
    public CompletableFuture<PullResult> result() {
        return result;
    }

    /** Stops the pull: downloads in flight are aborted and the result fails with {@link Category#CANCELLED}. */
    public void cancel() {
        operation.cancel();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits for the end.
     *
     * @throws RegistryException the failure of the pull
     */
    public PullResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new RegistryException(Category.CANCELLED, "interrupted while waiting for the pull");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RegistryException re) {
                throw re;
            }
            throw RegistryException.builder(Category.SERVER_ERROR, "the pull failed unexpectedly").cause(e.getCause()).build();
        }
    }
}
