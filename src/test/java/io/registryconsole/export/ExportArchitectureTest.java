package io.registryconsole.export;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Renderers and importers are plain Java: only a web controller, configuration,
 * mapper or repository of the feature may know Spring. */
class ExportArchitectureTest {

    @Test
    void renderersAndImportersDoNotDependOnSpringOrJpa() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.registryconsole.export");

        noClasses().that().haveSimpleNameNotEndingWith("Controller").and().haveSimpleNameNotEndingWith("Configuration")
                .and().haveSimpleNameNotEndingWith("Mapper").and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
                .check(classes);
    }
}
