package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.TestTables;
import io.registryconsole.shared.ConstraintNames;

/** The database itself enforces what the services pre-check, and the constraint names are recognized on H2 and PostgreSQL. */
@Tag("db")
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class RegistryRepositoryTest {

    @Autowired
    RegistryRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
    }

    static Registry registry(String name, String... labels) {
        Registry registry = new Registry(name);
        registry.describe(name, "https://" + name + ".example.com", RegistryProvider.OTHER, false, null, null, List.of(labels));
        return registry;
    }

    @Test
    void theDatabaseRefusesADuplicateNameUnderItsConstraintName() {
        repository.saveAndFlush(registry("harbor"));

        assertThatThrownBy(() -> repository.saveAndFlush(registry("harbor")))
            .isInstanceOfSatisfying(DataIntegrityViolationException.class, e -> {
                assertThat(ConstraintNames.violated(e, "uk_registry_name")).isTrue();
                assertThat(ConstraintNames.violated(e, "uk_environment_name")).isFalse();
            });
    }

    @Test
    void theDatabaseRefusesToDeleteABoundRegistry() {
        Registry harbor = repository.saveAndFlush(registry("harbor"));
        jdbc.update("insert into environment (name, platform, pull_policy, max_concurrent_downloads, created_at, updated_at, version)"
            + " values ('prod', 'linux/amd64', 'Always', 3, current_timestamp, current_timestamp, 0)");
        Long environment = jdbc.queryForObject("select id from environment where name = 'prod'", Long.class);
        jdbc.update("insert into environment_registry (environment_id, binding_order, registry_id, role, priority) values (?, 0, ?, 'PRIMARY', 0)",
            environment, harbor.id());

        assertThatThrownBy(() -> {
            repository.delete(harbor);
            repository.flush();
        }).isInstanceOfSatisfying(DataIntegrityViolationException.class,
            e -> assertThat(ConstraintNames.violated(e, "fk_environment_registry_registry")).isTrue());
    }

    @Test
    void filtersByNameLabelAndProvider() {
        repository.saveAndFlush(registry("harbor-prod", "prod", "eu"));
        repository.saveAndFlush(registry("harbor_dev", "dev"));
        repository.saveAndFlush(registry("ghcr", "prod"));

        assertThat(repository.findAll(RegistrySpecifications.matching(new RegistryFilter("HARBOR", null, null))))
            .extracting(Registry::name).containsExactlyInAnyOrder("harbor-prod", "harbor_dev");
        assertThat(repository.findAll(RegistrySpecifications.matching(new RegistryFilter("r_d", null, null))))
            .as("_ is matched literally").extracting(Registry::name).containsExactly("harbor_dev");
        assertThat(repository.findAll(RegistrySpecifications.matching(new RegistryFilter(null, "prod", RegistryProvider.OTHER))))
            .extracting(Registry::name).containsExactlyInAnyOrder("harbor-prod", "ghcr");
        assertThat(repository.findAll(RegistrySpecifications.matching(new RegistryFilter(null, "prod", RegistryProvider.GHCR))))
            .isEmpty();
    }

    @Test
    void replacingASecretIsACompareAndSetThatLeavesTheVersionAlone() {
        Registry harbor = registry("harbor");
        harbor.useCredential(new Credential(CredentialKind.BASIC, "robot", "v1:old", null));
        long id = repository.saveAndFlush(harbor).id();

        assertThat(repository.replaceSecret(id, "v1:something-else", "v1:new")).isZero();
        assertThat(repository.replaceSecret(id, "v1:old", "v1:new")).isEqualTo(1);

        assertThat(jdbc.queryForObject("select credential_secret from registry where id = ?", String.class, id)).isEqualTo("v1:new");
        assertThat(jdbc.queryForObject("select version from registry where id = ?", Long.class, id)).isZero();
    }
}
