package io.registryconsole.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.registryconsole.TestTables;
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

/**
 * Stores lab registries (and environments of them) in the console, as a person would through the API.
 * <p>
 * A test class declares it as {@code @RegisterExtension final LabConsole console = LabConsole.withCleanTables();}: before
 * each test it takes the services from the test's own Spring context (the one SpringExtension already made, so the
 * context cache keeps the same contexts). JUnit runs it after the class-level extensions and before the class's
 * {@code @BeforeEach} methods, which may therefore use it.
 */
public class LabConsole implements BeforeEachCallback {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String NOT_REGISTERED = "LabConsole gets its services before each test: declare it as a @RegisterExtension field";

    private final boolean cleanTables;
    private final List<String> emptiedFirst;
    private RegistryService registries;
    private EnvironmentService environments;

    private LabConsole(boolean cleanTables, List<String> emptiedFirst) {
        this.cleanTables = cleanTables;
        this.emptiedFirst = emptiedFirst;
    }

    /** Before each test, empty tables ({@link TestTables#clean}), then take the services. */
    public static LabConsole withCleanTables() {
        return new LabConsole(true, List.of());
    }

    /** Before each test only take the services: the class cleans the tables itself (browser tests) or wants them as they are. */
    public static LabConsole withTablesAsTheyAre() {
        return new LabConsole(false, List.of());
    }

    /** Also empties these tables, in this order, before {@link TestTables#clean}: rows of other features that point at registries. */
    public LabConsole emptyingFirst(String... tables) {
        return new LabConsole(true, List.of(tables));
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        ApplicationContext context = SpringExtension.getApplicationContext(extension);
        if (cleanTables) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            emptiedFirst.forEach(table -> jdbc.update("delete from " + table));
            TestTables.clean(jdbc);
        }
        registries = context.getBean(RegistryService.class);
        environments = context.getBean(EnvironmentService.class);
    }

    private RegistryService registries() {
        return Objects.requireNonNull(registries, NOT_REGISTERED);
    }

    private EnvironmentService environments() {
        return Objects.requireNonNull(environments, NOT_REGISTERED);
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
        return registries().create(new RegistryRequest(name, url, provider, insecure, caPem,
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
        return environments().create(new EnvironmentRequest(name + "-" + NAMES.incrementAndGet(), description, platform, null, null, bindings,
            null)).id();
    }
}
