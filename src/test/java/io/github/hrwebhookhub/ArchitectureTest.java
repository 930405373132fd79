package io.github.hrwebhookhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph follows the event and points one way:
 * config &lt;- signing, store &lt;- audit, metrics &lt;- intake, routing, delivery &lt;- ops; sandbox -&gt; signing (and config).
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.hrwebhookhub";
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void packagesHaveNoImportCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void configDependsOnNoOtherHubPackage() {
        noClasses().that().resideInAPackage(pkg("config")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("signing"), pkg("store"), pkg("audit"), pkg("metrics"), pkg("intake"), pkg("routing"),
                        pkg("delivery"), pkg("ops"), pkg("sandbox"))
                .check(classes);
    }

    @Test
    void signingAndStoreDependOnlyOnConfig() {
        noClasses().that().resideInAnyPackage(pkg("signing"), pkg("store")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("audit"), pkg("metrics"), pkg("intake"), pkg("routing"), pkg("delivery"), pkg("ops"),
                        pkg("sandbox"))
                .check(classes);
    }

    @Test
    void auditAndMetricsDoNotDependOnTheEventPath() {
        noClasses().that().resideInAnyPackage(pkg("audit"), pkg("metrics")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("intake"), pkg("routing"), pkg("delivery"), pkg("ops"), pkg("sandbox"), pkg("signing"))
                .check(classes);
    }

    @Test
    void auditDoesNotDependOnMetrics() {
        noClasses().that().resideInAPackage(pkg("audit")).should().dependOnClassesThat().resideInAPackage(pkg("metrics"))
                .check(classes);
    }

    @Test
    void onlyOpsUsesTheOpsApi() {
        noClasses().that().resideOutsideOfPackage(pkg("ops")).and().doNotHaveSimpleName("HubApplication")
                .should().dependOnClassesThat().resideInAPackage(pkg("ops"))
                .check(classes);
    }

    @Test
    void intakeRoutingAndDeliveryDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage(pkg("intake")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("routing"), pkg("delivery"), pkg("sandbox")).check(classes);
        noClasses().that().resideInAPackage(pkg("routing")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("intake"), pkg("delivery"), pkg("sandbox")).check(classes);
        noClasses().that().resideInAPackage(pkg("delivery")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("intake"), pkg("routing"), pkg("sandbox")).check(classes);
    }

    @Test
    void sandboxDependsOnlyOnSigningAndConfig() {
        noClasses().that().resideInAPackage(pkg("sandbox")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("store"), pkg("audit"), pkg("metrics"), pkg("intake"), pkg("routing"), pkg("delivery"),
                        pkg("ops")).check(classes);
    }
}
