package io.registryconsole.export;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The containers/image scopes an environment's signature policy covers: every upstream it names (a policy is
 * matched against the reference as written, before mirrors are applied) and every registry location it binds,
 * for images pulled from a mirror by its own name.
 */
final class TrustScopes {

    private TrustScopes() {
    }

    static List<String> of(ExportEnvironment env) {
        Set<String> scopes = new LinkedHashSet<>(env.upstreams());
        for (ExportBinding b : env.bindings()) {
            String host = b.dockerHub() ? Hosts.DOCKER_HUB : b.hostPort();
            scopes.add(b.prefix().isEmpty() ? host : host + "/" + b.prefix());
        }
        return List.copyOf(scopes);
    }
}
