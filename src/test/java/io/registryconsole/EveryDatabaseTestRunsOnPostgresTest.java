package io.registryconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.context.BootstrapWith;
import org.springframework.util.ClassUtils;

/**
 * The PostgreSQL run (the {@code postgres-test} execution in pom.xml) picks its classes by the JUnit tag {@code db}.
 * This guard makes a forgotten tag fail the build: every test class that starts a Spring test context with a database
 * ({@code @SpringBootTest}, {@code @DataJpaTest}, {@code @JdbcTest}, a shared annotation such as
 * {@code @ConsoleLabTest}, a base class such as {@code BrowserTest}...) must carry {@code @Tag("db")}, directly, on a
 * superclass or on a meta-annotation. Only slices without a database ({@code @WebMvcTest} and friends without a test
 * database) may go without.
 */
@Tag("db")
class EveryDatabaseTestRunsOnPostgresTest {

    /** Spring test slices that start no DataSource unless a database annotation is added beside them. */
    static final Set<String> SLICES_WITHOUT_DATABASE = Set.of("WebMvcTest", "WebFluxTest", "JsonTest", "RestClientTest", "GraphQlTest");

    @Test
    void everySpringTestWithADatabaseIsTaggedDb() {
        List<Class<?>> springTests = springTestClasses();
        assertThat(springTests).as("the scan sees the test classes").hasSizeGreaterThan(25)
            .extracting(Class::getName).contains("io.registryconsole.pull.PullTestApiTest", "io.registryconsole.browser.PagesInBrowserTest");

        List<String> untagged = springTests.stream()
            .filter(EveryDatabaseTestRunsOnPostgresTest::startsADatabase)
            .filter(type -> !taggedDb(type))
            .map(Class::getName)
            .sorted()
            .toList();
        assertThat(untagged)
            .as("Spring test classes with a database but without @Tag(\"db\"), so they would never run on PostgreSQL")
            .isEmpty();
    }

    @Test
    void theGuardSeesTagsThroughMetaAnnotationsAndSuperclasses() {
        assertThat(taggedDb(ClassUtils.resolveClassName("io.registryconsole.pull.PullTestApiTest", null)))
            .as("tag on @ConsoleLabTest").isTrue();
        assertThat(taggedDb(ClassUtils.resolveClassName("io.registryconsole.browser.PagesInBrowserTest", null)))
            .as("tag on the superclass BrowserTest").isTrue();
        assertThat(taggedDb(Untagged.class)).isFalse();
        assertThat(startsADatabase(Untagged.class)).isTrue();
    }

    static List<Class<?>> springTestClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        // any concrete top-level class meta-annotated with @BootstrapWith: every Spring test annotation carries it
        scanner.addIncludeFilter(new AnnotationTypeFilter(BootstrapWith.class, true, false));
        scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().hasSuperClass()
            && !reader.getClassMetadata().getSuperClassName().equals(Object.class.getName()));
        return scanner.findCandidateComponents("io.registryconsole").stream()
            .map(BeanDefinition::getBeanClassName)
            .map(name -> ClassUtils.resolveClassName(name, EveryDatabaseTestRunsOnPostgresTest.class.getClassLoader()))
            .filter(type -> MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(BootstrapWith.class))
            .filter(type -> type.getEnclosingClass() != EveryDatabaseTestRunsOnPostgresTest.class) // the sample below
            .collect(Collectors.toList());
    }

    static boolean startsADatabase(Class<?> type) {
        Set<String> annotations = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).stream()
            .map(MergedAnnotation::getType)
            .map(Class::getSimpleName)
            .collect(Collectors.toSet());
        boolean slice = annotations.stream().anyMatch(SLICES_WITHOUT_DATABASE::contains);
        boolean database = annotations.stream().anyMatch(name -> name.contains("Database") || name.contains("DataJpa")
            || name.contains("Jdbc") || name.equals("SpringBootTest"));
        return !slice || database;
    }

    /** As JUnit reads tags: on the class, its meta-annotations and (tags are inherited) its superclasses. */
    static boolean taggedDb(Class<?> type) {
        return AnnotationSupport.findRepeatableAnnotations(type, Tag.class).stream().anyMatch(tag -> tag.value().equals("db"));
    }

    /** A sample the guard must reject; never run (no test methods) and left out of the scan. */
    @org.springframework.boot.test.context.SpringBootTest
    static class Untagged {
    }
}
