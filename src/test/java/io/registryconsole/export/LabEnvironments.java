package io.registryconsole.export;

import java.net.URI;
import java.util.Optional;

import io.registryconsole.lab.LabRegistry;

/** Export bindings for the lab's registries, and loopback addresses where nothing listens (upstream aliases). */
final class LabEnvironments {

    private LabEnvironments() {
    }

    /** The lab registry as the console would bind it: its URL, CA and login. */
    static ExportBinding primary(String name, LabRegistry registry) {
        return bind(name, registry.baseUrl(), registry, BindingRole.PRIMARY, null, 0);
    }

    static ExportBinding mirror(String name, LabRegistry registry, String mirrorOf, int priority) {
        return bind(name, registry.baseUrl(), registry, BindingRole.MIRROR, mirrorOf, priority);
    }

    /** The same registry under another URL (e.g. https://localhost:port, which its certificate names as DNS). */
    static ExportBinding bind(String name, URI url, LabRegistry registry, BindingRole role, String mirrorOf, int priority) {
        Optional<ExportCredential> login = registry.credentials()
                .map(c -> ExportCredential.basic(c.username(), c.password()));
        return new ExportBinding(name, url, false, registry.caPem(), role, mirrorOf, priority, login);
    }

    /** A 127.0.0.1 port with nothing behind it: an upstream that must never answer. */
    static String deadHost() {
        return "127.0.0.1:" + NginxRunner.freePort();
    }
}
