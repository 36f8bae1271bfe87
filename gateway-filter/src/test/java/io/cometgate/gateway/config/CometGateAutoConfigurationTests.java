package io.cometgate.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import io.github.bucket4j.distributed.proxy.AsyncProxyManager;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

import io.cometgate.gateway.internal.audit.AuditLog;
import io.cometgate.gateway.internal.audit.AuditLogTests;
import io.cometgate.gateway.internal.cache.NearTokenCache;
import io.cometgate.gateway.internal.cache.NoTokenCache;
import io.cometgate.gateway.internal.cache.RedisTokenCache;
import io.cometgate.gateway.internal.cache.RedisTokenInvalidations;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.cache.UnforgettableEvictions;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.ratelimit.RateLimitStore;
import io.cometgate.gateway.internal.ratelimit.ResilientBucketStore;
import io.cometgate.gateway.internal.ratelimit.UpstreamBudget;
import io.cometgate.gateway.internal.ratelimit.UpstreamHeadroom;
import io.cometgate.gateway.internal.token.AgedTokenRevoker;
import io.cometgate.gateway.internal.ratelimit.UpstreamPause;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.token.MintCoordinator;
import io.cometgate.gateway.internal.token.RedisMintCoordinator;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.uid.IdentityExtractor;
import io.cometgate.gateway.uid.PrincipalNameIdentityExtractor;
import io.cometgate.gateway.uid.SpringSecurityIdentityExtractor;
import io.cometgate.gateway.uid.UidResolver;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CometGateAutoConfigurationTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private static final String CACHE_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
                CometGateRedisAutoConfiguration.class, CometGateAutoConfiguration.class));

    private final ReactiveWebApplicationContextRunner configured = this.runner
        .withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu", "cometchat.rest-api-key=" + KEY,
                "cometchat.token-cache.encryption-key=" + CACHE_KEY);

    @Test
    void whenConfiguredThenFilterFactoryAndClientForTheApp() {
        this.configured.run((context) -> {
            assertThat(context).hasSingleBean(CometChatTokenGatewayFilterFactory.class);
            assertThat(context.getBean(CometChatClient.class).app().baseUrl())
                .hasToString("https://app1.api-eu.cometchat.io/v3");
            assertThat(context.getBean(IdentityExtractor.class)).isInstanceOf(SpringSecurityIdentityExtractor.class);
        });
    }

    @Test
    void whenTokenMaxAgeDefaultThenSevenDaysAndHeadroomGuardsTheClient() {
        this.configured.run((context) -> {
            assertThat(context.getBean(AgedTokenRevoker.class).maxAge()).isEqualTo(java.time.Duration.ofDays(7));
            assertThat(context).hasSingleBean(UpstreamHeadroom.class);
        });
    }

    @Test
    void whenCachedHandOutsLeftOutOfTheAuditLogThenItsCacheHitsWriteNoLine(CapturedOutput output) {
        this.configured.withPropertyValues("cometchat.audit.cached-hand-outs=false").run((context) -> {
            AuditLog auditLog = context.getBean(AuditLog.class);
            auditLog.record(AuditLogTests.entry("wired-lean-cached", "CACHED"));
            auditLog.record(AuditLogTests.entry("wired-lean-minted", "MINTED"));
        });
        this.configured.run((context) -> context.getBean(AuditLog.class)
            .record(AuditLogTests.entry("wired-default-cached", "CACHED")));

        assertThat(output).doesNotContain("wired-lean-cached").contains("uid=wired-lean-minted")
            .contains("uid=wired-default-cached");
    }

    @Test
    void whenAgedTokensAreNotRevokedThenTokensAreNotAgedOut() {
        this.configured.withPropertyValues("cometchat.revoke-aged-tokens=false")
            .run((context) -> assertThat(context.getBean(AgedTokenRevoker.class)).isSameAs(AgedTokenRevoker.NONE));
        // Off, the maximum age no longer limits the cache's TTL either.
        this.configured.withPropertyValues("cometchat.revoke-aged-tokens=false", "cometchat.token-max-age=1h")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void whenTokenMaxAgeSpelledNoneThenStartupFailsNamingTheProperty() {
        // One spelling of "off" (revoke-aged-tokens=false): "none" is not a duration and is refused, as "a week" is.
        for (String value : new String[] { "none", "a week", "0s" }) {
            this.configured.withPropertyValues("cometchat.token-max-age=" + value).run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("cometchat.token-max-age");
            });
        }
    }

    @Test
    void whenCacheTtlExceedsTokenMaxAgeThenStartupFailsNamingBoth() {
        this.configured.withPropertyValues("cometchat.token-max-age=12h").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.token-cache.ttl")
                .hasMessageContaining("cometchat.token-max-age");
        });
        this.configured.withPropertyValues("cometchat.token-max-age=12h", "cometchat.token-cache.ttl=6h")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void whenSlowdownThresholdIsZeroThenStartupFailsNamingTheFlag() {
        // One spelling of "off": the flag. A threshold of 0 used to mean "never slow down".
        this.configured.withPropertyValues("cometchat.rate-limit.upstream-slowdown-threshold=0").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.rate-limit.upstream-slowdown-enabled=false");
        });
        this.configured.withPropertyValues("cometchat.rate-limit.upstream-slowdown-enabled=false")
            .run((context) -> assertThat(context).hasSingleBean(UpstreamHeadroom.class));
    }

    @Test
    void whenSlowdownThresholdOutOfRangeThenStartupFails() {
        this.configured.withPropertyValues("cometchat.rate-limit.upstream-slowdown-threshold=1").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.rate-limit.upstream-slowdown-threshold");
        });
    }

    @Test
    void whenRestApiKeyMissingThenStartupFailsNamingTheProperty() {
        this.runner.withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cometchat.rest-api-key");
        });
    }

    @Test
    void whenAppIdAndRegionMissingThenStartupFailsNamingThem() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.app-id")
                .hasMessageContaining("cometchat.region");
        });
    }

    @Test
    void whenStartupFailsThenTheKeyIsNotInTheMessage() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY, "cometchat.uid.prefix=BAD PREFIX")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.uid.prefix")
                .hasMessageNotContaining(KEY));
    }

    @Test
    void whenUserDeclaresUidResolverThenItReplacesTheDefault() {
        UidResolver own = (identity, policy) -> Mono.just("fixed");
        this.configured.withBean(UidResolver.class, () -> own)
            .run((context) -> assertThat(context.getBean(UidResolver.class)).isSameAs(own));
    }

    @Test
    void whenFilterDisabledThenNoFactory() {
        this.configured.withPropertyValues("spring.cloud.gateway.server.webflux.filter.comet-chat-token.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(CometChatTokenGatewayFilterFactory.class));
    }

    @Test
    void whenCometChatDisabledThenNothingIsRegistered() {
        this.runner.withPropertyValues("cometchat.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CometChatClient.class));
    }

    @Test
    void whenSpringSecurityAbsentThenPrincipalNameIsTheSubject() {
        this.configured.withClassLoader(new FilteredClassLoader("org.springframework.security"))
            .run((context) -> assertThat(context.getBean(IdentityExtractor.class))
                .isInstanceOf(PrincipalNameIdentityExtractor.class));
    }

    @Test
    void whenLettuceOnClassPathThenLimitsAreSharedThroughRedis() {
        this.configured.run((context) -> {
            assertThat(context.getBean(RateLimitStore.class)).isInstanceOf(ResilientBucketStore.class);
            assertThat(context).hasSingleBean(UpstreamBudget.class).hasSingleBean(LettuceConnector.class);
        });
    }

    @Test
    void whenLettuceAbsentThenLimitsArePerReplica() {
        this.configured.withClassLoader(new FilteredClassLoader("io.lettuce", "io.github.bucket4j.redis"))
            .run((context) -> {
                assertThat(context).hasSingleBean(RateLimitStore.class).doesNotHaveBean(LettuceConnector.class);
                assertThat(context.getBean(RateLimitStore.class)).isNotInstanceOf(ResilientBucketStore.class);
                assertThatNothingIsShared(context);
            });
    }

    @Test
    void whenOnlyBucket4jLettuceModuleAbsentThenNothingIsSharedThroughRedis() {
        this.configured.withClassLoader(new FilteredClassLoader("io.github.bucket4j.redis"))
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(LettuceConnector.class)
                    .doesNotHaveBean(SharedRedisConnection.class);
                assertThat(context.getBean(RateLimitStore.class)).isNotInstanceOf(ResilientBucketStore.class);
                assertThatNothingIsShared(context);
            });
    }

    @Test
    void whenRedisSupportPresentThenCacheLockAndPausesShareOneConnection() {
        this.configured.run((context) -> {
            assertThat(context).hasSingleBean(SharedRedisConnection.class).hasSingleBean(UpstreamPause.class);
            assertThat(context.getBean(MintCoordinator.class)).isInstanceOf(RedisMintCoordinator.class);
            assertThat(context.getBean(TokenCache.class)).isInstanceOf(UnforgettableEvictions.class);
            assertThat(((UnforgettableEvictions) context.getBean(TokenCache.class)).cache())
                .isInstanceOf(NearTokenCache.class);
            assertThat(context.getBeanNamesForType(UpstreamPause.class)).containsExactly("cometGateSharedUpstreamPause");
        });
    }

    @Test
    void whenRedisNotConfiguredThenStandaloneDefaultsAndWhenClusterNodesSetThenCluster() {
        this.configured.run((context) -> assertThat(context.getBean(LettuceConnector.class).isCluster()).isFalse());
        this.configured.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
            .run((context) -> assertThat(context.getBean(LettuceConnector.class).isCluster()).isTrue());
    }

    @Test
    void whenALettuceClientOptionsCustomizerIsDeclaredThenItSeesCometGatesOptionsAndMayChangeThem() {
        java.util.concurrent.atomic.AtomicReference<io.lettuce.core.ClientOptions> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        this.configured.withPropertyValues("cometchat.redis.command-timeout=300ms")
            .withBean(LettuceClientOptionsCustomizer.class, () -> (options) -> seen.set(options.build()))
            .run((context) -> {
                assertThat(context).hasSingleBean(LettuceConnector.class);
                assertThat(seen.get()).isNotNull();
                assertThat(seen.get().getDisconnectedBehavior())
                    .isEqualTo(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
                io.lettuce.core.TimeoutOptions.TimeoutSource timeout = seen.get().getTimeoutOptions().getSource();
                assertThat(timeout.getTimeUnit().toMillis(timeout.getTimeout(null))).isEqualTo(300);
            });
    }

    @Test
    void whenCacheDisabledWithRedisThenMintsAreUncoordinatedButPausesStayShared() {
        this.configured.withPropertyValues("cometchat.token-cache.enabled=false").run((context) -> {
            assertThat(context.getBean(MintCoordinator.class)).isSameAs(MintCoordinator.UNCOORDINATED);
            assertThat(context.getBeanNamesForType(UpstreamPause.class)).containsExactly("cometGateSharedUpstreamPause");
        });
    }

    @Test
    void whenUserDeclaresTokenCacheThenItReplacesTheRedisOne() {
        TokenCache own = new NoTokenCache();
        this.configured.withBean(TokenCache.class, () -> own)
            .run((context) -> assertThat(context.getBean(TokenCache.class)).isSameAs(own));
    }

    @Test
    void everyBeanOfOursIsNamedWithOnePrefix() {
        this.configured.run((context) -> assertThat(context.getBeanDefinitionNames())
            .filteredOn((name) -> !name.contains(".") && context.getType(name) != null
                    && context.getType(name).getName().startsWith("io.cometgate."))
            .isNotEmpty()
            .allSatisfy((name) -> assertThat(name).startsWith("cometGate")));
    }

    private static void assertThatNothingIsShared(ApplicationContext context) {
        assertThat(context.getBean(TokenCache.class)).isInstanceOf(NoTokenCache.class);
        assertThat(context.getBean(MintCoordinator.class)).isSameAs(MintCoordinator.UNCOORDINATED);
        assertThat(context.getBeanNamesForType(UpstreamPause.class)).containsExactly("cometGateLocalUpstreamPause");
    }

    @Test
    void whenUpstreamBudgetTurnedOffThenNoBudget() {
        this.configured.withPropertyValues("cometchat.rate-limit.upstream-budget-enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(UpstreamBudget.class));
        this.configured.run((context) -> assertThat(context).hasSingleBean(UpstreamBudget.class));
    }

    @Test
    void whenLimitsSpelledNoneThenStartupFailsNamingTheFlag() {
        // "none" used to mean what the -enabled flags now say: refused with the flag to use, never read silently.
        this.configured.withPropertyValues("cometchat.rate-limit.upstream-budget=none")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.rate-limit.upstream-budget-enabled=false"));
        this.configured.withPropertyValues("cometchat.rate-limit.per-user=none")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.rate-limit.per-user-enabled=false"));
    }

    @Test
    void whenLimitsAreMalformedThenStartupFailsNamingTheProperty() {
        this.configured.withPropertyValues("cometchat.rate-limit.per-user=ten a minute")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.rate-limit.per-user"));
    }

    @Test
    void exposesNoBeanThatSpringCloudGatewaysOwnRateLimiterWouldPickUp() {
        this.configured.run((context) -> {
            assertThat(context).doesNotHaveBean(RateLimiter.class).doesNotHaveBean(KeyResolver.class)
                .doesNotHaveBean(AsyncProxyManager.class);
        });
    }

    // That the cached value is encrypted is proven against a real Redis in TokenLifecycleEndToEndTests.
    @Test
    void whenRedisSupportPresentThenTheTokenCacheIsTheRedisOneBehindANearCache() {
        this.configured.run((context) -> {
            assertThat(context.getBean(TokenCache.class)).isInstanceOf(UnforgettableEvictions.class);
            assertThat(((UnforgettableEvictions) context.getBean(TokenCache.class)).cache())
                .isInstanceOf(NearTokenCache.class);
            assertThat(context).hasSingleBean(RedisTokenInvalidations.class);
        });
    }

    @Test
    void whenNearCacheDisabledThenTheTokenCacheIsTheRedisOneAndNothingSubscribes() {
        this.configured.withPropertyValues("cometchat.token-cache.near-cache.enabled=false").run((context) -> {
            assertThat(((UnforgettableEvictions) context.getBean(TokenCache.class)).cache())
                .isInstanceOf(RedisTokenCache.class);
            assertThat(context).doesNotHaveBean(RedisTokenInvalidations.class);
        });
    }

    @Test
    void whenNearCacheMaximumSizeNotPositiveThenStartupFailsNamingTheProperty() {
        this.configured.withPropertyValues("cometchat.token-cache.near-cache.maximum-size=0")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.token-cache.near-cache.maximum-size"));
    }

    @Test
    void whenCacheEnabledWithoutEncryptionKeyThenStartupFailsNamingTheProperty() {
        this.runner.withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu", "cometchat.rest-api-key=" + KEY)
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.token-cache.encryption-key"));
    }

    @Test
    void whenCacheDisabledThenNoCacheAndNoKeyNeeded() {
        this.runner.withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu", "cometchat.rest-api-key=" + KEY,
                "cometchat.token-cache.enabled=false")
            .run((context) -> assertThat(context.getBean(TokenCache.class)).isInstanceOf(NoTokenCache.class));
    }

}
