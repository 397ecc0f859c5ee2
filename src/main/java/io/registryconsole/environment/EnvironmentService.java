package io.registryconsole.environment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.criteria.Predicate;
import jakarta.validation.Validator;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.audit.AuditableChange;
import io.registryconsole.distribution.TrustedKey;
import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.distribution.NoProxy;
import io.registryconsole.distribution.ProxySettings;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.ConstraintNames;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.Sorting;
import io.registryconsole.shared.Violations;

/** Owns the rules for environments and their registry bindings; every change is audited in its transaction. */
@Service
@Transactional
public class EnvironmentService {

    public static final String ENTITY_TYPE = "ENVIRONMENT";
    static final int DEFAULT_MAX_CONCURRENT_DOWNLOADS = 3;

    private static final Set<String> SORTABLE = Set.of("name", "createdAt", "updatedAt");

    private final EnvironmentRepository repository;
    private final RegistryService registries;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final SecretCipher cipher;

    EnvironmentService(EnvironmentRepository repository, RegistryService registries, Validator validator,
                       ApplicationEventPublisher events, SecretCipher cipher) {
        this.cipher = cipher;
        this.repository = repository;
        this.registries = registries;
        this.validator = validator;
        this.events = events;
    }

    public EnvironmentView create(EnvironmentRequest request) {
        Accepted accepted = accept(request, false);
        if (repository.existsByName(accepted.name())) {
            throw duplicateName(accepted.name());
        }
        Environment environment = new Environment(accepted.name());
        requireKeysForSignatures(accepted.trust(), false, List.of());
        accepted.applyTo(environment);
        applyProxy(environment, accepted.proxy());
        environment = saveAndFlush(environment);
        EnvironmentView view = view(environment);
        events.publishEvent(AuditableChange.created(ENTITY_TYPE, environment.id(), environment.name(), view));
        return view;
    }

    /** Replaces the environment and its bindings; {@code request.version()} must be the stored version. */
    public EnvironmentView update(long id, EnvironmentRequest request) {
        Environment environment = find(id);
        Accepted accepted = accept(request, true);
        if (environment.version() != request.version()) {
            throw ConflictException.staleVersion("environment", request.version(), environment.version());
        }
        if (!accepted.name().equals(environment.name()) && repository.existsByNameAndIdNot(accepted.name(), id)) {
            throw duplicateName(accepted.name());
        }
        EnvironmentView before = view(environment);
        requireKeysForSignatures(accepted.trust(), environment.requireSignature(), environment.trustedKeys());
        accepted.applyTo(environment);
        applyProxy(environment, accepted.proxy());
        saveAndFlush(environment);
        EnvironmentView after = view(environment);
        if (!after.equals(before)) {
            events.publishEvent(AuditableChange.updated(ENTITY_TYPE, id, environment.name(), before, after));
        }
        return after;
    }

    /** @param expectedVersion when not null, the delete is refused (409) if someone changed the environment since */
    public void delete(long id, Long expectedVersion) {
        Environment environment = find(id);
        if (expectedVersion != null && expectedVersion != environment.version()) {
            throw ConflictException.staleVersion("environment", expectedVersion, environment.version());
        }
        EnvironmentView before = view(environment);
        repository.delete(environment);
        repository.flush();
        events.publishEvent(AuditableChange.deleted(ENTITY_TYPE, id, before.name(), before));
    }

    @Transactional(readOnly = true)
    public EnvironmentView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public PageView<EnvironmentView> list(EnvironmentFilter filter, Pageable pageable) {
        Page<Environment> page = repository.findAll(matching(filter), Sorting.restrict(pageable, SORTABLE, Sort.by("name")));
        Map<Long, RegistrySummary> summaries = registries.summaries(page.getContent().stream()
            .flatMap(environment -> environment.bindings().stream().map(RegistryBinding::registryId)).distinct().toList());
        return PageView.of(page, environment -> view(environment, summaries));
    }

    /**
     * The environment's proxy with its password decrypted, for the checks, test pulls and plan trials that must go the
     * nodes' way; empty when it has none.
     *
     * @throws io.registryconsole.crypto.SecretDecryptionException when the password was stored under an unknown key
     */
    @Transactional(readOnly = true)
    public Optional<ProxySettings> proxySettings(long id) {
        EnvironmentProxy p = find(id).proxy();
        if (p == null) {
            return Optional.empty();
        }
        String password = p.encryptedPassword() == null ? null : cipher.decrypt(p.encryptedPassword());
        return Optional.of(new ProxySettings(ProxySettings.parseProxy(p.httpProxy()), ProxySettings.parseProxy(p.httpsProxy()),
            NoProxy.parse(p.noProxy()), p.username(), password));
    }

    /** null keeps the stored proxy; one without proxies removes it; a left-out password stays while the user does. */
    private void applyProxy(Environment environment, ProxyRequest request) {
        if (request == null) {
            return;
        }
        if (blank(request.httpProxy()) && blank(request.httpsProxy())) {
            environment.proxy(null);
            return;
        }
        EnvironmentProxy stored = environment.proxy();
        String username = blank(request.username()) ? null : request.username().strip();
        String password;
        if (request.password() == null) {
            password = stored != null && Objects.equals(stored.username(), username) ? stored.encryptedPassword() : null;
        } else {
            password = request.password().isEmpty() ? null : cipher.encrypt(request.password());
        }
        environment.proxy(new EnvironmentProxy(strip(request.httpProxy()), strip(request.httpsProxy()), strip(request.noProxy()), username,
            password));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String s) {
        return blank(s) ? null : s.strip();
    }

    private static void checkProxy(ProxyRequest proxy, List<FieldProblem> problems) {
        if (proxy == null) {
            return;
        }
        for (String[] field : new String[][] {{"proxy.httpProxy", proxy.httpProxy()}, {"proxy.httpsProxy", proxy.httpsProxy()}}) {
            try {
                ProxySettings.parseProxy(field[1]);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(field[0], "is not a usable proxy: " + e.getMessage()));
            }
        }
        if (blank(proxy.username()) && proxy.password() != null && !proxy.password().isEmpty()) {
            problems.add(new FieldProblem("proxy.username", "is required with a proxy password"));
        }
    }

    private Environment find(long id) {
        return repository.findById(id).orElseThrow(() -> new NotFoundException("environment", id));
    }

    private Environment saveAndFlush(Environment environment) {
        try {
            return repository.saveAndFlush(environment);
        }
        catch (DataIntegrityViolationException e) {
            if (ConstraintNames.violated(e, "uk_environment_name")) {
                throw duplicateName(environment.name());
            }
            if (ConstraintNames.violated(e, "fk_environment_registry_registry")) {
                throw new ConflictException(ConflictException.Reason.OTHER,
                    "a bound registry was deleted meanwhile; reload and try again");
            }
            throw e;
        }
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(ConflictException.Reason.DUPLICATE_NAME,
            "an environment named '" + name + "' already exists; choose another name");
    }

    private EnvironmentView view(Environment environment) {
        return view(environment, registries.summaries(
            environment.bindings().stream().map(RegistryBinding::registryId).distinct().toList()));
    }

    private static EnvironmentView view(Environment environment, Map<Long, RegistrySummary> summaries) {
        List<BindingView> bindings = environment.bindings().stream().map(binding -> {
            RegistrySummary registry = summaries.get(binding.registryId());
            return new BindingView(binding.registryId(), registry == null ? null : registry.name(),
                registry == null ? null : registry.url(), binding.role(), binding.mirrorOf(), binding.priority());
        }).toList();
        EnvironmentProxy proxy = environment.proxy();
        return new EnvironmentView(environment.id(), environment.name(), environment.description(),
            environment.platform(), environment.pullPolicy(), environment.maxConcurrentDownloads(), bindings,
            environment.createdAt(), environment.updatedAt(), environment.version(), trustView(environment), proxy == null ? null
                : new ProxyView(proxy.httpProxy(), proxy.httpsProxy(), proxy.noProxy(), proxy.username(), proxy.encryptedPassword() != null));
    }

    private static TrustView trustView(Environment environment) {
        return new TrustView(environment.requireSignature(), environment.trustedKeys().stream().map(pem -> {
            TrustedKey key = TrustedKey.parsePem(pem);
            return new TrustView.Key(key.fingerprint(), key.algorithm());
        }).toList());
    }

    /** The environment's trust policy with the keys themselves (public keys: no secret). */
    @Transactional(readOnly = true)
    public TrustPolicy trustPolicy(long id) {
        Environment environment = find(id);
        return new TrustPolicy(environment.requireSignature(), environment.trustedKeys());
    }

    private static Specification<Environment> matching(EnvironmentFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (filter.name() != null && !filter.name().isBlank()) {
                String pattern = "%" + filter.name().strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                predicates.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
            }
            if (filter.registryId() != null) {
                var sub = query.subquery(Long.class);
                var bound = sub.from(Environment.class);
                sub.select(bound.get("id")).where(cb.equal(bound.join("bindings").get("registryId"), filter.registryId()));
                predicates.add(root.get("id").in(sub));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }

    private record Accepted(String name, String description, String platform, PullPolicy pullPolicy,
                            int maxConcurrentDownloads, List<RegistryBinding> bindings, TrustRequest trust, ProxyRequest proxy) {

        void applyTo(Environment environment) {
            environment.describe(name, description, platform, pullPolicy, maxConcurrentDownloads, bindings);
            if (trust != null) {
                environment.trust(trust.requireSignature(), trust.publicKeys());
            }
        }
    }

    private Accepted accept(EnvironmentRequest request, boolean update) {
        List<FieldProblem> problems = new ArrayList<>(Violations.toProblems("", validator.validate(request)));
        String platform = request.platform() == null || request.platform().isBlank() ? Platforms.DEFAULT
            : request.platform().strip();
        String platformProblem = Platforms.problemWith(platform);
        if (platformProblem != null) {
            problems.add(new FieldProblem("platform", platformProblem));
        }
        List<BindingRequest> requested = request.registries() == null ? List.of() : request.registries();
        List<RegistryBinding> bindings = acceptBindings(requested, problems);
        TrustRequest trust = acceptTrust(request.trust(), problems);
        checkProxy(request.proxy(), problems);
        if (update && request.version() == null) {
            problems.add(new FieldProblem("version", "is required: send the version you last read"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Accepted(request.name(),
            request.description() == null || request.description().isBlank() ? null : request.description().strip(),
            platform, request.pullPolicy() == null ? PullPolicy.IfNotPresent : request.pullPolicy(),
            request.maxConcurrentDownloads() == null ? DEFAULT_MAX_CONCURRENT_DOWNLOADS : request.maxConcurrentDownloads(),
            bindings, trust, request.proxy());
    }

    /** Requiring signatures without a key to verify them with would fail every test pull: refused. */
    private static void requireKeysForSignatures(TrustRequest trust, boolean storedRequire, List<String> storedKeys) {
        if (trust == null) {
            return;
        }
        boolean require = trust.requireSignature() != null ? trust.requireSignature() : storedRequire;
        List<String> keys = trust.publicKeys() != null ? trust.publicKeys() : storedKeys;
        if (require && keys.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("trust.publicKeys",
                "needs at least one public key when requireSignature is true (the key whose signatures the environment trusts)")));
        }
    }

    /** Keys parsed (PEM, ECDSA or RSA) and stored normalised; null keys = keep the stored ones. */
    private static TrustRequest acceptTrust(TrustRequest trust, List<FieldProblem> problems) {
        if (trust == null || trust.publicKeys() == null) {
            return trust;
        }
        List<String> keys = new ArrayList<>();
        Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i < trust.publicKeys().size(); i++) {
            String pem = trust.publicKeys().get(i);
            if (pem == null || pem.isBlank() || pem.length() > 8000) {
                continue;   // reported by bean validation
            }
            try {
                TrustedKey key = TrustedKey.parsePem(pem);
                if (!fingerprints.add(key.fingerprint())) {
                    problems.add(new FieldProblem("trust.publicKeys[" + i + "]", "is the same key as an earlier one (" + key.fingerprint() + ")"));
                    continue;
                }
                keys.add(pem.strip().replace("\r\n", "\n") + "\n");
            }
            catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("trust.publicKeys[" + i + "]", e.getMessage()));
            }
        }
        return new TrustRequest(trust.requireSignature(), keys);
    }

    private List<RegistryBinding> acceptBindings(List<BindingRequest> requested, List<FieldProblem> problems) {
        Map<Long, RegistrySummary> known = registries.summaries(
            requested.stream().filter(Objects::nonNull).map(BindingRequest::registryId).filter(Objects::nonNull).distinct().toList());
        List<RegistryBinding> bindings = new ArrayList<>();
        Set<RegistryBinding> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            BindingRequest binding = requested.get(i);
            if (binding == null || binding.registryId() == null || binding.role() == null) {
                continue;   // reported by bean validation
            }
            String field = "registries[" + i + "]";
            RegistrySummary registry = known.get(binding.registryId());
            if (registry == null) {
                problems.add(new FieldProblem(field + ".registryId", "no registry with id " + binding.registryId()));
                continue;
            }
            String mirrorOf = null;
            if (binding.role() == BindingRole.MIRROR) {
                if (binding.mirrorOf() == null || binding.mirrorOf().isBlank()) {
                    problems.add(new FieldProblem(field + ".mirrorOf",
                        "is required for a MIRROR: the upstream it mirrors, e.g. docker.io"));
                    continue;
                }
                try {
                    mirrorOf = Upstreams.normalize(binding.mirrorOf());
                }
                catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem(field + ".mirrorOf", e.getMessage()));
                    continue;
                }
                if (Upstreams.isSameAs(mirrorOf, registry.url())) {
                    problems.add(new FieldProblem(field + ".mirrorOf", "names registry '" + registry.name()
                        + "' itself; a mirror stands in for another registry"));
                    continue;
                }
            }
            else if (binding.mirrorOf() != null && !binding.mirrorOf().isBlank()) {
                problems.add(new FieldProblem(field + ".mirrorOf", "only a MIRROR has mirrorOf"));
                continue;
            }
            RegistryBinding accepted = new RegistryBinding(binding.registryId(), binding.role(), mirrorOf,
                binding.priority() == null ? 0 : binding.priority());
            if (!seen.add(new RegistryBinding(binding.registryId(), binding.role(), mirrorOf, 0))) {
                problems.add(new FieldProblem(field, "binds registry '" + registry.name() + "' a second time in the same role"));
                continue;
            }
            bindings.add(accepted);
        }
        return bindings;
    }
}
