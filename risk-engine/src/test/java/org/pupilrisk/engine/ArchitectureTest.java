package org.pupilrisk.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled classes of the simulator and the
 * engine (tests excluded): no package depends on itself through others, the engine never depends on
 * the command line, and release models depend on the plug-in interfaces, never the reverse.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.pupilrisk");
    }

    @Test
    void noPackageCycles() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(classes);
    }

    /** Every package of the tool is a slice of its own (release.tables.dp apart from release.tables). */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.startsWith("org.pupilrisk") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package";
        }
    };

    @Test
    void theEngineNeverDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("org.pupilrisk.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.pupilrisk.cli..")
                .check(classes);
    }

    @Test
    void releaseModelsAndMetricsNeverDependOnTheEngine() {
        noClasses().that().resideInAnyPackage("org.pupilrisk.release..", "org.pupilrisk.attack..",
                        "org.pupilrisk.anonymity..", "org.pupilrisk.metric..", "org.pupilrisk.scenario..",
                        "org.pupilrisk.population..", "org.pupilrisk.report..")
                .should().dependOnClassesThat().resideInAPackage("org.pupilrisk.engine..")
                .check(classes);
    }

    @Test
    void thePlugInInterfacesDependOnNoReleaseModel() {
        noClasses().that().resideInAPackage("org.pupilrisk.release")
                .should().dependOnClassesThat().resideInAPackage("org.pupilrisk.release.*..")
                .check(classes);
    }
}
