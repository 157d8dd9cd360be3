package io.github.lookernats.camel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Camel components ship in their own jar (looker-nats-bridge-components.jar) for Camel JBang, the Camel launcher
 * and Camel K, which load them without Spring. So nothing in io.github.lookernats.camel may use Spring, nor the
 * bridge application that wires them.
 */
class CamelComponentsArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.lookernats");

    @Test
    void theComponentsDoNotUseSpring() {
        noClasses().that().resideInAPackage("io.github.lookernats.camel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.springframework.boot..")
                .check(CLASSES);
    }

    @Test
    void theComponentsDoNotUseTheApplication() {
        noClasses().that().resideInAPackage("io.github.lookernats.camel..")
                .should().dependOnClassesThat().resideInAPackage("io.github.lookernats.bridge..")
                .because("the components jar holds io.github.lookernats.camel only")
                .check(CLASSES);
    }
}
