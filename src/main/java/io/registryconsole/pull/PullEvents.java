package io.registryconsole.pull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of one test pull: {@code state} (the test as it is when a client subscribes),
 * {@code phase} (a phase started or finished), {@code progress} (bytes of a blob), {@code attempt} (an endpoint was
 * tried) and {@code end} (the final result), after which the stream completes. A client that subscribes after
 * the end gets {@code state} and {@code end} at once.
 */
final class PullEvents {

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private PullTestView last;

    boolean hasSubscribers() {
        return !emitters.isEmpty();
    }

    synchronized void subscribe(SseEmitter emitter, PullTestView current) {
        if (last != null) {
            sendTo(emitter, "state", last);
            sendTo(emitter, "end", last);
            emitter.complete();
            return;
        }
        if (sendTo(emitter, "state", current)) {
            emitters.add(emitter);
            emitter.onCompletion(() -> emitters.remove(emitter));
            emitter.onTimeout(() -> emitters.remove(emitter));
            emitter.onError(e -> emitters.remove(emitter));
        }
    }

    synchronized void send(String name, Object data) {
        for (SseEmitter emitter : emitters) {
            if (!sendTo(emitter, name, data)) {
                emitters.remove(emitter);
            }
        }
    }

    synchronized void end(PullTestView result) {
        last = result;
        for (SseEmitter emitter : emitters) {
            sendTo(emitter, "end", result);
            emitter.complete();
        }
        emitters.clear();
    }

    /** Ends the streams without a result (the result could not be stored). */
    synchronized void abort() {
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    /** A subscriber to a test pull that is not in memory here (finished, or running on another instance). */
    static void replay(SseEmitter emitter, PullTestView view) {
        sendTo(emitter, "state", view);
        if (view.status().isFinished()) {
            sendTo(emitter, "end", view);
        }
        emitter.complete();
    }

    private static boolean sendTo(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data));
            return true;
        } catch (IOException | IllegalStateException e) {
            // the client went away; the pull goes on
            return false;
        }
    }
}
