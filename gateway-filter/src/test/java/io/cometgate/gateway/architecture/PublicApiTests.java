package io.cometgate.gateway.architecture;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CometGate's public API, pinned: the public types outside {@code io.cometgate.gateway.internal..} are exactly the
 * list below, so a new public type (or one that stops being public) is a change someone decided, reviewed with this
 * file, and named in the changelog. Everything in {@code internal} carries no compatibility promise
 * ({@code docs/extending.md}).
 */
class PublicApiTests {

    private static final String ROOT = "io.cometgate.gateway";

    private static final String INTERNAL = ROOT + ".internal";

    /**
     * The public top-level types outside {@code internal}, by package. The extension points and what their
     * signatures need are in {@code docs/extending.md}; the rest is what Spring or a platform team names from
     * outside: the properties and their value types, the auto-configurations (to exclude them), the route filter
     * factories and their {@code Config}s.
     */
    private static final List<String> PUBLIC_API = List.of(
            // cache: the extension point only; its implementations are internal.cache
            "cache.TokenCache",
            // client: the typed CometChat REST client, its values and errors
            "client.AuthToken", "client.AuthTokenPage", "client.CometChatApiException", "client.CometChatApp",
            "client.CometChatClient", "client.CometChatConnections", "client.CometChatErrorCodes",
            "client.CometChatException", "client.CometChatOperation", "client.CometChatRateLimitHeaders",
            "client.CometChatTimeoutException", "client.CometChatUnreachableException", "client.CometChatUser",
            "client.NewUser", "client.RequestDeadline", "client.RetryAfter", "client.RetrySettings",
            "client.SecretPathSegments", "client.Secrets", "client.UpstreamCallCounter", "client.UserActivation",
            "client.UserDeactivation", "client.UserUpdate",
            // config: the properties, their value types, the auto-configurations, the Lettuce options customizer,
            // the placeholder check
            "config.AuditProperties", "config.CometChatProperties", "config.CometGateAutoConfiguration",
            "config.CometGateHealthAutoConfiguration", "config.CometGateRedisAutoConfiguration",
            "config.LettuceClientOptionsCustomizer",
            "config.LogoutProperties", "config.LogoutScope", "config.ProvisioningProperties",
            "config.RateLimitProperties", "config.RedisFailurePolicy", "config.RedisUsageProperties",
            "config.RetryProperties", "config.TokenCacheProperties", "config.TokenResponseProperties",
            "config.UidProperties", "config.UnresolvedPlaceholderCheck", "config.UpstreamPauseProperties",
            // filter.factory: the route filters and their arguments
            "filter.factory.CometChatTokenGatewayFilterFactory", "filter.factory.CometChatUserGatewayFilterFactory",
            "filter.factory.CometGateRouteConfig", "filter.factory.RequireHttpsGatewayFilterFactory",
            "filter.factory.RouteSettingsResolver",
            // security: the answers and the key-set bound for an application's own security chain
            "security.GatewayAccessDeniedHandler", "security.GatewayAuthenticationEntryPoint",
            "security.JwkSetFetchLimiter", "security.JwtKeySetProperties",
            // uid: who the caller is, and its UID
            "uid.AuthenticatedIdentity", "uid.Caller", "uid.CallerResolver", "uid.ClaimUidResolver",
            "uid.CometChatUidMapper", "uid.IdentityExtractor", "uid.PrincipalNameIdentityExtractor",
            "uid.SpringSecurityIdentityExtractor", "uid.UidClaimMissingException", "uid.UidPolicy",
            "uid.UidResolver", "uid.UnauthenticatedException");

    /**
     * Public types whose public constructors may name internal types, and why: Spring calls them, not an application.
     * The filter factories and the route settings resolver are built by the auto-configurations' bean methods from
     * the internal services they glue together (an application uses the factory bean, never {@code new}). Those
     * {@code @Bean} methods are exempt for the same reason; every other public member of the API is checked,
     * including the factories' methods and their {@code Config}s.
     */
    private static final Set<String> WIRING = Set.of("filter.factory.CometChatTokenGatewayFilterFactory",
            "filter.factory.CometChatUserGatewayFilterFactory", "filter.factory.RequireHttpsGatewayFilterFactory",
            "filter.factory.RouteSettingsResolver");

    /**
     * Public types of an API package that are internal in all but name, every member exempt. Known, and few:
     * {@code RouteSettingsResolver} is the factories' own helper (a route's arguments over the properties, into an
     * internal {@code EdgeRoute}); it is public only because the auto-configuration builds it, and stays in
     * {@code filter.factory} because that package moves only as a whole. {@code docs/extending.md} lists it as not
     * supported.
     */
    private static final Set<String> INTERNAL_IN_ALL_BUT_NAME = Set.of("filter.factory.RouteSettingsResolver");

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(ROOT);

    @Test
    void thePublicTypesOutsideInternalAreExactlyThePinnedList() {
        Set<String> publicTypes = MAIN_CLASSES.stream()
            .filter(JavaClass::isTopLevelClass)
            .filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
            .filter((type) -> !isInternal(type))
            .map(PublicApiTests::nameBelowRoot)
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(publicTypes)
            .as("public types outside %s: a new one is a deliberate API change (add it to PUBLIC_API and the "
                    + "changelog), or belongs in %s", INTERNAL, INTERNAL)
            .containsExactlyInAnyOrderElementsOf(PUBLIC_API);
    }

    @Test
    void publicSignaturesOfTheApiNameNoInternalType() {
        // An internal type in a public signature would make it API in practice: whoever calls the method needs it.
        List<String> exposures = apiTypesAndTheirPublicNestedTypes()
            .flatMap(PublicApiTests::publicMembers)
            .filter((member) -> !isWiring(member))
            .flatMap((member) -> involvedTypes(member).stream()
                .filter(PublicApiTests::isInternal)
                .map((internal) -> member.getFullName() + " names " + internal.getName()))
            .sorted()
            .toList();
        assertThat(exposures).isEmpty();
    }

    @Test
    void theRulesSeeTheMainClasses() {
        // A rule over no classes passes whatever the code does: the importer must really find the internal packages.
        assertThat(MAIN_CLASSES.stream().filter(PublicApiTests::isInternal)).isNotEmpty();
        assertThat(WIRING).allSatisfy((name) -> assertThat(PUBLIC_API).contains(name));
        assertThat(INTERNAL_IN_ALL_BUT_NAME).allSatisfy((name) -> assertThat(PUBLIC_API).contains(name));
    }

    private static boolean isWiring(JavaMember member) {
        return INTERNAL_IN_ALL_BUT_NAME.contains(nameBelowRoot(member.getOwner()))
                || member.isAnnotatedWith("org.springframework.context.annotation.Bean")
                || (member instanceof JavaConstructor && WIRING.contains(nameBelowRoot(member.getOwner())));
    }

    private static Stream<JavaClass> apiTypesAndTheirPublicNestedTypes() {
        return MAIN_CLASSES.stream()
            .filter((type) -> !isInternal(type))
            .filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
            .filter((type) -> enclosingClassesArePublic(type));
    }

    private static boolean enclosingClassesArePublic(JavaClass type) {
        return type.getEnclosingClass()
            .map((outer) -> outer.getModifiers().contains(JavaModifier.PUBLIC) && enclosingClassesArePublic(outer))
            .orElse(type.isTopLevelClass());
    }

    private static Stream<JavaMember> publicMembers(JavaClass type) {
        return Stream.of(type.getConstructors(), type.getMethods(), type.getFields())
            .flatMap(Set::stream)
            .map(JavaMember.class::cast)
            .filter((member) -> member.getModifiers().contains(JavaModifier.PUBLIC)
                    || member.getModifiers().contains(JavaModifier.PROTECTED))
            .filter((member) -> !member.getModifiers().contains(JavaModifier.SYNTHETIC));
    }

    private static Set<JavaClass> involvedTypes(JavaMember member) {
        Set<JavaClass> types = new HashSet<>();
        if (member instanceof JavaCodeUnit codeUnit) {
            types.addAll(codeUnit.getReturnType().getAllInvolvedRawTypes());
            codeUnit.getParameterTypes().forEach((parameter) -> types.addAll(parameter.getAllInvolvedRawTypes()));
            types.addAll(codeUnit.getExceptionTypes());
        }
        else if (member instanceof JavaField field) {
            types.addAll(field.getType().getAllInvolvedRawTypes());
        }
        return types;
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().equals(INTERNAL) || type.getPackageName().startsWith(INTERNAL + ".");
    }

    private static String nameBelowRoot(JavaClass type) {
        return type.getName().substring(ROOT.length() + 1);
    }

}
