package org.cmoportal;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.persistence.Entity;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages are a one-way stack (docs/architecture.md, "The stack"): plain money and distribution at the bottom,
 * then error and csv, tenancy, identity, web, the features, and home on top. Strict: no violation is frozen.
 */
class PackageStackTest {

    /** The application's classes as compiled, without the tests (which may reach across the stack to set up). */
    private static final JavaClasses APP_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cmoportal");

    private static final String APP = "org.cmoportal..";
    private static final String[] PLAIN = {"org.cmoportal.money..", "org.cmoportal.distribution.."};
    private static final String[] BELOW_FEATURES = {"org.cmoportal.money..", "org.cmoportal.distribution..",
            "org.cmoportal.error..", "org.cmoportal.csv..", "org.cmoportal.tenancy..", "org.cmoportal.identity..",
            "org.cmoportal.web..", "org.cmoportal.home.."};

    /** A cycle between two packages means neither can be understood, tested or changed alone. */
    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.cmoportal.(*)..").should().beFreeOfCycles().check(APP_CLASSES);
    }

    /** The calculation is plain Java, tested by the thousand in milliseconds: no framework, nothing of the app above it. */
    @Test
    void moneyAndDistributionArePlainJava() {
        classes().that().resideInAnyPackage(PLAIN)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.cmoportal.money..", "org.cmoportal.distribution..")
                .check(APP_CLASSES);
    }

    @Test
    void moneyKnowsNoDistribution() {
        noClasses().that().resideInAPackage("org.cmoportal.money..")
                .should().dependOnClassesThat().resideInAPackage("org.cmoportal.distribution..")
                .check(APP_CLASSES);
    }

    /** Each layer uses only the layers below it; every package not named here is a feature. */
    @Test
    void layers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("plain").definedBy(PLAIN)
                .layer("foundations").definedBy("org.cmoportal.error..", "org.cmoportal.csv..")
                .layer("tenancy").definedBy("org.cmoportal.tenancy..")
                .layer("identity").definedBy("org.cmoportal.identity..")
                .layer("web").definedBy("org.cmoportal.web..")
                .layer("features").definedBy(resideInAPackage(APP).and(not(resideInAnyPackage(BELOW_FEATURES))))
                .layer("home").definedBy("org.cmoportal.home..")
                .whereLayer("home").mayNotBeAccessedByAnyLayer()
                .whereLayer("features").mayOnlyAccessLayers("web", "identity", "tenancy", "foundations", "plain")
                .whereLayer("web").mayOnlyAccessLayers("identity", "tenancy", "foundations", "plain")
                .whereLayer("identity").mayOnlyAccessLayers("tenancy", "foundations", "plain")
                .whereLayer("tenancy").mayOnlyAccessLayers("foundations", "plain")
                .whereLayer("foundations").mayOnlyAccessLayers("plain")
                .check(APP_CLASSES);
    }

    /**
     * The scaling-law calculator sits under the features that carry its valuations (verification's attestations,
     * statement's trail): it uses none of them, only the engine and the layers below the features.
     */
    @Test
    void valuationUsesNoOtherFeature() {
        noClasses().that().resideInAPackage("org.cmoportal.valuation..")
                .should().dependOnClassesThat(resideInAPackage(APP).and(not(resideInAnyPackage(BELOW_FEATURES)))
                        .and(not(resideInAPackage("org.cmoportal.valuation.."))))
                .check(APP_CLASSES);
    }

    /** Homes read through the features' services, which hold the queries and the transactions. */
    @Test
    void homesReadThroughServices() {
        noClasses().that().resideInAPackage("org.cmoportal.home..")
                .should().callMethodWhere(target(owner(annotatedWith(Entity.class))))
                .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.transaction..",
                        "io.quarkus.narayana..", "io.quarkus.hibernate..")
                .check(APP_CLASSES);
    }

    /**
     * The member accounts sit below the features that post to them and show them (period distributes into the ledger,
     * statements show the account beside them, builder pages): the ledger never reaches up into any of them.
     */
    @Test
    void accountsStandBelowTheWorkflowAndTheStatements() {
        noClasses().that().resideInAPackage("org.cmoportal.account..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cmoportal.period..", "org.cmoportal.statement..",
                        "org.cmoportal.builder..", "org.cmoportal.filing..", "org.cmoportal.verification..", "org.cmoportal.home..",
                        "org.cmoportal.demo..")
                .check(APP_CLASSES);
    }

    /** One name, one class: two classes called the same (there were two PeriodBoards) read as one in every search. */
    @Test
    void topLevelClassNamesAreUnique() {
        Map<String, List<String>> byName = APP_CLASSES.stream().filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName.values()).allSatisfy(names -> assertThat(names).hasSize(1));
    }
}
