package io.registryconsole.distribution;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The protocol client stays a plain Java library: no Spring, no JPA, no other console feature. */
@AnalyzeClasses(packages = "io.registryconsole", importOptions = ImportOption.DoNotIncludeTests.class)
class DistributionArchitectureTest {

    @ArchTest
    static final ArchRule noSpring = noClasses().that().resideInAPackage("..distribution..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
            .because("the distribution client is pure Java and must not know Spring");

    @ArchTest
    static final ArchRule noPersistence = noClasses().that().resideInAPackage("..distribution..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.servlet..", "org.hibernate..")
            .because("the distribution client knows nothing of storage or the web");

    @ArchTest
    static final ArchRule noOtherFeature = noClasses().that().resideInAPackage("io.registryconsole.distribution..")
            .should().dependOnClassesThat(resideInAPackage("io.registryconsole..")
                    .and(resideOutsideOfPackage("io.registryconsole.distribution..")))
            .because("features use the client, never the other way round");
}
