package io.cometgate.gateway.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency directions {@code ARCHITECTURE.md} states, checked on the compiled main classes: a change that
 * breaks one fails the build instead of quietly making the document wrong.
 */
class PackageDependencyRulesTests {

    private static final String ROOT = "io.cometgate.gateway";

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(ROOT);

    @Test
    void clientImportsNothingOfOurs() {
        // The CometChat REST client could be a library of its own: retries, timeouts and errors, no gateway notions.
        importsNothingOfOursOutside("client").check(MAIN_CLASSES);
    }

    @Test
    void redisImportsNothingOfOurs() {
        // The one Redis connection serves the limiter, the cache, the lock and the pauses: it knows none of them.
        importsNothingOfOursOutside("redis").check(MAIN_CLASSES);
    }

    @Test
    void uidImportsNothingOfOurs() {
        // Who the caller is depends on the principal alone, never on CometChat, Redis or a route's machinery.
        importsNothingOfOursOutside("uid").check(MAIN_CLASSES);
    }

    @Test
    void edgeNeverImportsConfigurationOrFilterFactories() {
        // The steps every route shares take their settings as arguments (EdgeRoute), never from the properties.
        noClasses().that().resideInAPackage(ROOT + ".edge..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".config..", ROOT + ".filter.factory..")
            .check(MAIN_CLASSES);
    }

    @Test
    void theRulesSeeTheMainClasses() {
        // A rule over no classes passes whatever the code does: make sure each package above is really imported.
        for (String layer : new String[] { "client", "redis", "uid", "edge", "config", "filter.factory" }) {
            assertThat(MAIN_CLASSES.stream().filter((c) -> c.getPackageName().equals(ROOT + "." + layer)))
                .as(layer).isNotEmpty();
        }
    }

    private static ArchRule importsNothingOfOursOutside(String layer) {
        return noClasses().that().resideInAPackage(ROOT + "." + layer + "..")
            .should().dependOnClassesThat(ofOursOutside(layer))
            .because("ARCHITECTURE.md: " + layer + " imports nothing of ours");
    }

    private static DescribedPredicate<JavaClass> ofOursOutside(String layer) {
        String own = ROOT + "." + layer;
        return DescribedPredicate.describe("are CometGate's outside " + layer,
                (target) -> target.getPackageName().startsWith(ROOT + ".") && !target.getPackageName().equals(own)
                        && !target.getPackageName().startsWith(own + "."));
    }

}
