package io.cometgate.gateway.architecture;

import java.util.Set;

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

    /** The value types of settings that live in config as public API and that internal.edge may carry. */
    private static final Set<String> CONFIG_VALUE_TYPES = Set.of(ROOT + ".config.RedisFailurePolicy",
            ROOT + ".config.LogoutScope");

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
        importsNothingOfOursOutside("internal.redis").check(MAIN_CLASSES);
    }

    @Test
    void uidImportsNothingOfOurs() {
        // Who the caller is depends on the principal alone, never on CometChat, Redis or a route's machinery.
        importsNothingOfOursOutside("uid").check(MAIN_CLASSES);
    }

    @Test
    void edgeNeverImportsConfigurationOrFilterFactories() {
        // The steps every route shares take their settings as arguments (EdgeRoute), never from the properties. A
        // setting's own value type is not a way to the properties: the public enums of config (public API because
        // they are property and route-argument types) may travel in EdgeRoute.
        noClasses().that().resideInAPackage(ROOT + ".internal.edge..")
            .should().dependOnClassesThat(DescribedPredicate.describe("are configuration or filter factories",
                    (target) -> (target.getPackageName().startsWith(ROOT + ".config")
                            || target.getPackageName().startsWith(ROOT + ".filter.factory"))
                            && !CONFIG_VALUE_TYPES.contains(target.getName())))
            .check(MAIN_CLASSES);
    }

    @Test
    void theConfigValueTypesAreEnumsOfConfig() {
        // The exception above stays a list of plain values: a class named there that grew into something else fails.
        for (String name : CONFIG_VALUE_TYPES) {
            assertThat(MAIN_CLASSES.get(name).isEnum()).as(name).isTrue();
        }
    }

    @Test
    void theRulesSeeTheMainClasses() {
        // A rule over no classes passes whatever the code does: make sure each package above is really imported.
        for (String layer : new String[] { "client", "internal.redis", "uid", "internal.edge", "config",
                "filter.factory" }) {
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
