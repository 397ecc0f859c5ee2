package io.registryconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.hibernate.SpringImplicitNamingStrategy;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import jakarta.persistence.Entity;

/**
 * Every Flyway migration on the classpath (whoever adds it) applies to an empty database of the kind under test — a new
 * H2 in-memory database in the H2 run, a new schema of the test PostgreSQL in the PostgreSQL run — and Hibernate then
 * validates every entity against the result, as the console does at start ({@code ddl-auto: validate}). Unlike the
 * shared test contexts, this does not depend on what earlier runs left in the database.
 */
@Tag("db")
class MigrationsOnEachDatabaseTest {

    static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.+\\.sql");

    @Test
    void everyMigrationAppliesToAnEmptyDatabaseAndMatchesTheEntities() throws Exception {
        Set<String> onClasspath = migrationVersionsOnClasspath();
        assertThat(onClasspath).as("migrations found in classpath:db/migration").contains("1", "2", "10");

        try (FreshDatabase database = FreshDatabase.create()) {
            Flyway flyway = Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load();
            assertThat(flyway.info().applied()).as("the database starts empty").isEmpty();

            flyway.migrate();

            MigrationInfo[] all = flyway.info().all();
            assertThat(Arrays.stream(all).map(info -> info.getVersion().getVersion()).collect(Collectors.toSet()))
                .as("applied migrations").isEqualTo(onClasspath);
            assertThat(all).allSatisfy(info -> assertThat(info.getState())
                .as("state of V%s %s on %s", info.getVersion(), info.getDescription(), database.kind())
                .isEqualTo(MigrationState.SUCCESS));
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

            // throws SchemaManagementException naming the table or column when an entity and the schema disagree
            try (var entities = validatedEntityManagerFactory(database.dataSource())) {
                assertThat(entities.getMetamodel().getEntities()).as("entities validated")
                    .hasSize(entityClassCount()).isNotEmpty();
            }
        }
    }

    static Set<String> migrationVersionsOnClasspath() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/*.sql");
        return Arrays.stream(resources)
            .map(Resource::getFilename)
            .map(VERSIONED::matcher)
            .filter(Matcher::matches)
            .map(matcher -> matcher.group(1).replace('_', '.'))
            .collect(Collectors.toSet());
    }

    static jakarta.persistence.EntityManagerFactory validatedEntityManagerFactory(DataSource dataSource) {
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan(ConsoleApplication.class.getPackageName());
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        // the naming Spring Boot configures for the console's own EntityManagerFactory
        factory.setJpaPropertyMap(Map.of(
            "hibernate.hbm2ddl.auto", "validate",
            "hibernate.physical_naming_strategy", CamelCaseToUnderscoresNamingStrategy.class.getName(),
            "hibernate.implicit_naming_strategy", SpringImplicitNamingStrategy.class.getName()));
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    static int entityClassCount() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Entity.class));
        return scanner.findCandidateComponents(ConsoleApplication.class.getPackageName()).size();
    }

    /** An empty database of the kind the build points this run at (see the surefire executions in pom.xml). */
    record FreshDatabase(String kind, DataSource dataSource, Runnable drop) implements AutoCloseable {

        static FreshDatabase create() throws SQLException {
            String url = System.getProperty("spring.datasource.url", "");
            String name = "migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            if (url.startsWith("jdbc:h2:")) {
                DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
                return new FreshDatabase("H2", h2, () -> execute(h2, "shutdown"));
            }
            assertThat(url).as("the PostgreSQL run's database (scripts/test.sh sets it)").startsWith("jdbc:postgresql://");
            String user = System.getProperty("spring.datasource.username");
            String password = System.getProperty("spring.datasource.password");
            DriverManagerDataSource server = new DriverManagerDataSource(url, user, password);
            execute(server, "create schema " + name);
            DriverManagerDataSource schema = new DriverManagerDataSource(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name, user, password);
            return new FreshDatabase("PostgreSQL", schema, () -> execute(server, "drop schema " + name + " cascade"));
        }

        static void execute(DataSource dataSource, String sql) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            drop.run();
        }
    }

}
