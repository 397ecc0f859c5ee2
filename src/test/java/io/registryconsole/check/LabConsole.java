package io.registryconsole.check;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryProvider;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/** Stores lab registries (and environments of them) in the console, as a person would through the API. */
public class LabConsole {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final RegistryService registries;
    private final EnvironmentService environments;

    public LabConsole(RegistryService registries, EnvironmentService environments) {
        this.registries = registries;
        this.environments = environments;
    }

    /** The lab registry with its CA and its own user (anonymous for the anonymous variant). */
    public long register(LabRegistry lab) {
        CredentialRequest credential = lab.credentials().map(c -> CredentialRequest.basic(c.username(), c.password())).orElse(null);
        return register(lab.variant().label(), lab.baseUrl().toString(), !lab.tls(), lab.tls() ? lab.caPem() : null, credential);
    }

    /** The lab registry with its CA and the given credential (null: anonymous). */
    public long register(LabRegistry lab, CredentialRequest credential) {
        return register(lab.variant().label(), lab.baseUrl().toString(), !lab.tls(), lab.tls() ? lab.caPem() : null, credential);
    }

    public long register(String namePrefix, String url, boolean insecure, String caPem, CredentialRequest credential) {
        return register(namePrefix, url, null, insecure, caPem, credential);
    }

    public long register(String namePrefix, String url, RegistryProvider provider, boolean insecure, String caPem,
                         CredentialRequest credential) {
        String name = (namePrefix.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "-" + NAMES.incrementAndGet());
        return registries.create(new RegistryRequest(name, url, provider, insecure, caPem,
            credential == null ? null : CredentialChange.set(credential), null, List.of(), null)).id();
    }

    public static CredentialRequest basic(String user, String password) {
        return CredentialRequest.basic(user, password);
    }

    public static CredentialRequest basic(String user, String password, Instant expiresAt) {
        return new CredentialRequest(CredentialKind.BASIC, user, password, null, expiresAt);
    }

    public static CredentialRequest token(String user, String token) {
        return CredentialRequest.token(user, token);
    }

    public long environment(String name, String description, String platform, List<BindingRequest> bindings) {
        return environments.create(new EnvironmentRequest(name + "-" + NAMES.incrementAndGet(), description, platform, null, null, bindings,
            null)).id();
    }
}
