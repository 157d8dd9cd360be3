package io.github.lookernats.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Lines between the application's packages that keep them apart. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.lookernats");

    @Test
    void whatFeedsTheDeadLettersDoesNotUseTheirStoreOrReplay() {
        // polls, pushes and the event pipeline fail into the error handling (bridge.errors); the dead-letter store
        // and its replay build on them, not the other way round
        noClasses().that().resideInAnyPackage("..bridge.poll..", "..bridge.push..", "..bridge.events..", "io.github.lookernats.camel..")
                .should().dependOnClassesThat().resideInAPackage("..bridge.deadletter..")
                .check(CLASSES);
    }
}
