package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.environment.ProxyView;
import io.registryconsole.environment.TrustPolicy;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.CredentialView;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.shared.NotFoundException;

/**
 * Turns a stored environment into the export feature's input. Credentials are decrypted only by
 * {@link #withCredentials}, which writes the audit entry in the same transaction: no login leaves the console
 * without a trace, and a failed audit write means no export.
 */
@Component
public class EnvironmentExportMapper {

    private final EnvironmentService environments;
    private final RegistryService registries;
    private final ApplicationEventPublisher events;

    EnvironmentExportMapper(EnvironmentService environments, RegistryService registries, ApplicationEventPublisher events) {
        this.environments = environments;
        this.registries = registries;
        this.events = events;
    }

    /** The environment without any credential: for formats without secrets and for non-admins. */
    @Transactional(readOnly = true)
    public ExportEnvironment withoutCredentials(long environmentId) {
        EnvironmentView view = environments.get(environmentId);
        List<ExportBinding> bindings = new ArrayList<>();
        Map<Long, RegistrySummary> summaries = registries.summaries(
            view.registries().stream().map(BindingView::registryId).distinct().toList());
        for (BindingView binding : view.registries()) {
            RegistrySummary registry = summaries.get(binding.registryId());
            if (registry == null) {
                throw new NotFoundException("registry", binding.registryId());
            }
            bindings.add(new ExportBinding(registry.name(), URI.create(registry.url()), registry.insecure(),
                registries.caCertificatePem(registry.id()).orElse(null), BindingRole.valueOf(binding.role().name()),
                binding.mirrorOf(), binding.priority(), Optional.empty()));
        }
        return environment(view, bindings);
    }

    /**
     * The environment with each login's kind and user name, and {@link ExportDiffs#PLACEHOLDER} for its secret: for
     * output that names logins without holding them (push lines). Nothing is decrypted, so nothing is audited.
     */
    @Transactional(readOnly = true)
    public ExportEnvironment withLoginNames(long environmentId) {
        ExportEnvironment plain = withoutCredentials(environmentId);
        EnvironmentView view = environments.get(environmentId);
        List<ExportBinding> bindings = new ArrayList<>();
        for (int i = 0; i < plain.bindings().size(); i++) {
            CredentialView login = registries.get(view.registries().get(i).registryId()).credential();
            ExportCredential named = login == null || login.kind() == CredentialKind.ANONYMOUS ? null
                : login.kind() == CredentialKind.BASIC ? ExportCredential.basic(login.username(), ExportDiffs.PLACEHOLDER)
                : ExportCredential.token(login.username(), ExportDiffs.PLACEHOLDER);
            bindings.add(plain.bindings().get(i).withCredential(named));
        }
        return new ExportEnvironment(plain.name(), plain.platform(), plain.pullPolicy(), plain.maxConcurrentDownloads(),
            bindings, plain.requireSignature(), plain.trustedKeysPem(),
            proxy(view, view.proxy() != null && view.proxy().passwordSet() ? ExportDiffs.PLACEHOLDER : null));
    }

    /**
     * The environment with the decrypted logins of its registries. Callers must have checked that the user is an
     * ADMIN; when a login is present an EXPORT audit entry names {@code what} and the environment.
     *
     * @param what the format id, or {@code zip}
     */
    @Transactional
    public ExportEnvironment withCredentials(long environmentId, String what) {
        EnvironmentView view = environments.get(environmentId);
        List<ExportBinding> bindings = new ArrayList<>();
        List<String> withLogins = new ArrayList<>();
        for (BindingView binding : view.registries()) {
            RegistryAccess registry = registryOf(binding);
            ExportCredential credential = credential(registry);
            if (credential != null && !withLogins.contains(registry.name())) {
                withLogins.add(registry.name());
            }
            bindings.add(binding(binding, registry, credential));
        }
        ExportProxy proxy = proxy(view, environments.proxySettings(view.id()).map(p -> p.password()).orElse(null));
        boolean proxyPassword = proxy != null && proxy.hasPassword()
            && (what.equals("zip") || what.equals(Format.PROXY_DROP_INS.id()));
        if (!withLogins.isEmpty() || proxyPassword) {
            events.publishEvent(new AuditableChange(AuditAction.EXPORT, EnvironmentService.ENTITY_TYPE,
                String.valueOf(view.id()), view.name(), null, new ExportAudit(what, withLogins, proxyPassword)));
        }
        return environment(view, bindings).withProxy(proxyPassword ? proxy : proxy(view, null));
    }

    /** The stored proxy with the given password (null: without it). */
    private static ExportProxy proxy(EnvironmentView view, String password) {
        ProxyView p = view.proxy();
        return p == null ? null : new ExportProxy(p.httpProxy(), p.httpsProxy(), p.noProxy(), p.username(), password,
            password == null && p.passwordSet());
    }

    private RegistryAccess registryOf(BindingView binding) {
        return registries.findAccess(binding.registryId())
            .orElseThrow(() -> new NotFoundException("registry", binding.registryId()));
    }

    private static ExportBinding binding(BindingView binding, RegistryAccess registry, ExportCredential credential) {
        return new ExportBinding(registry.name(), URI.create(registry.url()), registry.insecure(),
            registry.caCertificatePem(), BindingRole.valueOf(binding.role().name()), binding.mirrorOf(), binding.priority(),
            Optional.ofNullable(credential));
    }

    private static ExportCredential credential(RegistryAccess registry) {
        if (registry.secret() == null || registry.credentialKind() == null) {
            return null;
        }
        return switch (registry.credentialKind()) {
            case BASIC -> ExportCredential.basic(registry.username(), registry.secret());
            case TOKEN -> ExportCredential.token(registry.username(), registry.secret());
            case ANONYMOUS -> null;
        };
    }

    private ExportEnvironment environment(EnvironmentView view, List<ExportBinding> bindings) {
        TrustPolicy trust = environments.trustPolicy(view.id());
        return new ExportEnvironment(view.name(), view.platform(), PullPolicy.parse(view.pullPolicy().name()),
            view.maxConcurrentDownloads(), bindings, trust.requireSignature(), trust.publicKeysPem(), proxy(view, null));
    }
}
