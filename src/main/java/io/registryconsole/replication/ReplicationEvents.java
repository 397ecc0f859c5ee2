package io.registryconsole.replication;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of one replication: {@code state} (when a client subscribes), {@code image} (one image
 * finished, with its outcome), {@code progress} (bytes copied so far) and {@code end} (the final view), after which
 * the stream completes.
 */
final class ReplicationEvents {

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private ReplicationView last;

    synchronized void subscribe(SseEmitter emitter, ReplicationView current) {
        if (last != null) {
            replay(emitter, last);
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

    synchronized void end(ReplicationView result) {
        last = result;
        for (SseEmitter emitter : emitters) {
            sendTo(emitter, "end", result);
            emitter.complete();
        }
        emitters.clear();
    }

    /** A subscriber to a replication that is not running here (finished, or on another instance). */
    static void replay(SseEmitter emitter, ReplicationView view) {
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
            return false; // the client went away; the replication goes on
        }
    }
}
