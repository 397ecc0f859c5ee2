package io.registryconsole.probe;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A registry went from one state to another (UNKNOWN is the state before its first probe).
 *
 * @param category the failure category that took it DOWN, else null
 */
@Schema(name = "RegistryStateChange")
public record StateChangeView(Instant changedAt, String from, String to, String category, String summary,
                              String remediation) {

    static StateChangeView of(ProbeStore.StateChange change) {
        return new StateChangeView(change.changedAt(), change.from().name(), change.to().name(), change.category(),
            change.summary(), change.remediation());
    }
}
