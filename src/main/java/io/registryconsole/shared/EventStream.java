package io.registryconsole.shared;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of one running job (a test pull, a replication) to every client that follows it: a
 * {@code state} event with the job as it is when a client subscribes, the job's own events, then {@code end} with the
 * final view, after which the streams complete. A client that subscribes after the end gets {@code state} and
 * {@code end} at once.
 *
 * @param <V> the job's view
 */
public final class EventStream<V> {

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final Predicate<V> finished;
    private V last;

    /** @param finished whether a view is of a job that has ended (its {@code end} event is due) */
    public EventStream(Predicate<V> finished) {
        this.finished = finished;
    }

    public boolean hasSubscribers() {
        return !emitters.isEmpty();
    }

    public synchronized void subscribe(SseEmitter emitter, V current) {
        if (last != null) {
            replay(emitter, last, finished);
            return;
        }
        if (send(emitter, "state", current)) {
            emitters.add(emitter);
            emitter.onCompletion(() -> emitters.remove(emitter));
            emitter.onTimeout(() -> emitters.remove(emitter));
            emitter.onError(e -> emitters.remove(emitter));
        }
    }

    public synchronized void send(String name, Object data) {
        for (SseEmitter emitter : emitters) {
            if (!send(emitter, name, data)) {
                emitters.remove(emitter);
            }
        }
    }

    public synchronized void end(V result) {
        last = result;
        for (SseEmitter emitter : emitters) {
            send(emitter, "end", result);
            emitter.complete();
        }
        emitters.clear();
    }

    /** Ends the streams without a result (the result could not be stored). */
    public synchronized void abort() {
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    /** A subscriber to a job that is not running here (finished, or on another instance): its view, and the end. */
    public static <V> void replay(SseEmitter emitter, V view, Predicate<V> finished) {
        send(emitter, "state", view);
        if (finished.test(view)) {
            send(emitter, "end", view);
        }
        emitter.complete();
    }

    /** Sends one event; false when the client went away (the job goes on). */
    public static boolean send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
