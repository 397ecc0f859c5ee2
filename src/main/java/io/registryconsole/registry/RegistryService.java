package io.registryconsole.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.Validator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.audit.AuditableChange;
import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.ConstraintNames;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.Sorting;
import io.registryconsole.shared.Violations;

/**
 * Owns the rules for registries and their credentials. Every write validates everything first, so a rejected
 * request changes nothing, and publishes an {@link AuditableChange} inside its transaction.
 */
@Service
@Transactional
public class RegistryService {

    public static final String ENTITY_TYPE = "REGISTRY";
    static final int MAX_SECRET_BYTES = 8192;

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);
    private static final Set<String> SORTABLE = Set.of("name", "url", "provider", "createdAt", "updatedAt");

    private final RegistryRepository repository;
    private final SecretCipher cipher;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<RegistryUsage> usages;

    RegistryService(RegistryRepository repository, SecretCipher cipher, Validator validator,
                    ApplicationEventPublisher events, ObjectProvider<RegistryUsage> usages) {
        this.repository = repository;
        this.cipher = cipher;
        this.validator = validator;
        this.events = events;
        this.usages = usages;
    }

    public RegistryView create(RegistryRequest request) {
        Accepted accepted = accept(request, null);
        if (repository.existsByName(accepted.name())) {
            throw duplicateName(accepted.name());
        }
        Registry registry = new Registry(accepted.name());
        accepted.applyTo(registry);
        registry = saveAndFlush(registry);
        RegistryView view = view(registry);
        events.publishEvent(AuditableChange.created(ENTITY_TYPE, registry.id(), registry.name(),
            new RegistrySnapshot(view, accepted.secretChanged())));
        return view;
    }

    /** Replaces the registry; {@code request.version()} must be the stored version. */
    public RegistryView update(long id, RegistryRequest request) {
        Registry registry = find(id);
        Accepted accepted = accept(request, registry);
        if (registry.version() != request.version()) {
            throw ConflictException.staleVersion("registry", request.version(), registry.version());
        }
        if (!accepted.name().equals(registry.name()) && repository.existsByNameAndIdNot(accepted.name(), id)) {
            throw duplicateName(accepted.name());
        }
        RegistryView before = view(registry);
        accepted.applyTo(registry);
        saveAndFlush(registry);
        RegistryView after = view(registry);
        if (!after.equals(before) || accepted.secretChanged()) {
            events.publishEvent(AuditableChange.updated(ENTITY_TYPE, id, registry.name(),
                new RegistrySnapshot(before, false), new RegistrySnapshot(after, accepted.secretChanged())));
        }
        return after;
    }

    /**
     * @param expectedVersion when not null, the delete is refused (409) if someone changed the registry since
     * @throws ConflictException when environments still use the registry
     */
    public void delete(long id, Long expectedVersion) {
        Registry registry = find(id);
        if (expectedVersion != null && expectedVersion != registry.version()) {
            throw ConflictException.staleVersion("registry", expectedVersion, registry.version());
        }
        List<String> uses = usages.orderedStream().flatMap(usage -> usage.usesOf(id).stream()).toList();
        if (!uses.isEmpty()) {
            throw inUse(registry.name(), uses);
        }
        RegistryView before = view(registry);
        try {
            repository.delete(registry);
            repository.flush();
        }
        catch (DataIntegrityViolationException boundMeanwhile) {
            throw inUse(registry.name(), List.of("an environment"));
        }
        events.publishEvent(AuditableChange.deleted(ENTITY_TYPE, id, before.name(), new RegistrySnapshot(before, false)));
    }

    @Transactional(readOnly = true)
    public RegistryView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public PageView<RegistryView> list(RegistryFilter filter, Pageable pageable) {
        Pageable page = Sorting.restrict(pageable, SORTABLE, Sort.by("name"));
        return PageView.of(repository.findAll(RegistrySpecifications.matching(filter), page), this::view);
    }

    @Transactional(readOnly = true)
    public boolean exists(long id) {
        return repository.existsById(id);
    }

    /** Name, URL and provider of the given registries, keyed by id; unknown ids are left out. */
    @Transactional(readOnly = true)
    public Map<Long, RegistrySummary> summaries(Collection<Long> ids) {
        return repository.findAllById(ids).stream().map(RegistryService::summary)
            .collect(Collectors.toMap(RegistrySummary::id, Function.identity()));
    }

    /** The stored CA bundle (PEM, not a secret), so an edit form can keep it without showing it again. */
    @Transactional(readOnly = true)
    public Optional<String> caCertificatePem(long id) {
        return Optional.ofNullable(find(id).caCertificate());
    }

    /** Every registry, by name: for select boxes. */
    @Transactional(readOnly = true)
    public List<RegistrySummary> allSummaries() {
        return repository.findAllByOrderByNameAsc().stream().map(RegistryService::summary).toList();
    }

    /** When the registry's stored secret was last set; empty for anonymous access (or a secret older than the record). */
    @Transactional(readOnly = true)
    public Optional<Instant> credentialSetAt(long id) {
        return repository.findById(id).map(Registry::credential).map(Credential::setAt);
    }

    /**
     * The registry with its decrypted secret, to connect to it (checks, test pulls, exports).
     *
     * @throws SecretDecryptionException when the secret's key is not configured (the message names the key id, not the secret)
     */
    @Transactional(readOnly = true)
    public Optional<RegistryAccess> findAccess(long id) {
        return repository.findById(id).map(registry -> {
            Credential credential = registry.credential();
            String secret = credential.encryptedSecret() == null ? null : cipher.decrypt(credential.encryptedSecret());
            return new RegistryAccess(registry.id(), registry.name(), registry.url(), registry.provider(), registry.insecure(),
                registry.caCertificate(), credential.kind(), credential.username(), secret, credential.expiresAt());
        });
    }

    /**
     * Re-encrypts every stored secret that was written under a previous key with the current key (after a key
     * rotation). Secrets whose key is not configured are left as they are and reported in the log.
     *
     * @return how many secrets were re-encrypted
     */
    public int reencryptSecrets() {
        int reencrypted = 0;
        for (Registry registry : repository.findWithSecretNotUnderKey(cipher.currentKeyId())) {
            String current = registry.credential().encryptedSecret();
            try {
                reencrypted += repository.replaceSecret(registry.id(), current, cipher.reencrypt(current));
            }
            catch (SecretDecryptionException e) {
                log.warn("Cannot re-encrypt the credential of registry '{}' (id {}): {}", registry.name(), registry.id(),
                    e.getMessage());
            }
        }
        return reencrypted;
    }

    private Registry find(long id) {
        return repository.findById(id).orElseThrow(() -> new NotFoundException("registry", id));
    }

    private Registry saveAndFlush(Registry registry) {
        try {
            return repository.saveAndFlush(registry);
        }
        catch (DataIntegrityViolationException e) {
            if (ConstraintNames.violated(e, "uk_registry_name")) {
                throw duplicateName(registry.name());
            }
            throw e;
        }
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(ConflictException.Reason.DUPLICATE_NAME,
            "a registry named '" + name + "' already exists; choose another name");
    }

    private static ConflictException inUse(String name, List<String> uses) {
        return new ConflictException(ConflictException.Reason.IN_USE, "registry '" + name + "' is still used by "
            + String.join(", ", uses) + "; remove it from there first");
    }

    private static RegistrySummary summary(Registry registry) {
        return new RegistrySummary(registry.id(), registry.name(), registry.url(), registry.provider(), registry.insecure());
    }

    private RegistryView view(Registry registry) {
        CertificateView ca = null;
        if (registry.caCertificate() != null) {
            ca = CaBundle.parse(registry.caCertificate()).view();
        }
        return new RegistryView(registry.id(), registry.name(), registry.url(), registry.provider(), registry.insecure(),
            !registry.insecure() && registry.url().startsWith("https://"), ca, registry.credential().view(),
            registry.description(), registry.labels().stream().sorted().toList(), registry.createdAt(),
            registry.updatedAt(), registry.version());
    }

    /** A request that passed every rule, ready to apply. {@code credential} null means: keep the stored one. */
    private record Accepted(String name, String url, RegistryProvider provider, boolean insecure, String caCertificate,
                            String description, List<String> labels, Credential credential, boolean secretChanged) {

        void applyTo(Registry registry) {
            registry.describe(name, url, provider, insecure, caCertificate, description, labels);
            if (credential != null) {
                registry.useCredential(credential);
            }
        }
    }

    private Accepted accept(RegistryRequest request, Registry existing) {
        List<FieldProblem> problems = new ArrayList<>(Violations.toProblems("", validator.validate(request)));
        boolean insecure = Boolean.TRUE.equals(request.insecure());
        String url = null;
        if (request.url() != null && !request.url().isBlank() && request.url().length() <= 300) {
            try {
                url = RegistryUrl.normalize(request.url(), insecure);
            }
            catch (RegistryUrl.InvalidUrlException e) {
                problems.add(new FieldProblem("url", e.getMessage()));
            }
        }
        String caCertificate = blankToNull(request.caCertificate());
        if (caCertificate != null && caCertificate.length() <= 100_000) {
            try {
                caCertificate = CaBundle.parse(caCertificate).pem();
            }
            catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("caCertificate", e.getMessage()));
            }
        }
        CredentialRules.Outcome credential = new CredentialRules(cipher, validator)
            .resolve(request.credential(), existing == null ? null : existing.credential(), problems);
        if (existing != null && request.version() == null) {
            problems.add(new FieldProblem("version", "is required: send the version you last read"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        RegistryProvider provider = request.provider() != null ? request.provider()
            : RegistryProvider.guessFromHost(RegistryUrl.host(url));
        List<String> labels = request.labels() == null ? List.of()
            : List.copyOf(new LinkedHashSet<>(request.labels().stream().map(String::strip).toList()));
        return new Accepted(request.name(), url, provider, insecure, caCertificate, blankToNull(request.description()),
            labels, credential.credential(), credential.secretChanged());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
