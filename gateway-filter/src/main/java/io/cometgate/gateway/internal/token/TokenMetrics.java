package io.cometgate.gateway.internal.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.util.Assert;

/**
 * What the token cache and the single flight save, as meters:
 * <ul>
 * <li>{@code cometgate.token.cache.gets}, tagged {@code result} ({@code hit}, {@code miss}): the cache's lookups, so
 * that {@code hit / (hit + miss)} is its hit ratio;</li>
 * <li>{@code cometgate.token.mints.saved}, tagged {@code scope}: mints that did not happen because the request joined
 * another request's mint in this replica ({@code replica}) or found the token another replica minted while it waited
 * for the mint lock ({@code replicas}).</li>
 * </ul>
 * Registered at start-up, so that they read zero rather than missing before the first request.
 */
public final class TokenMetrics {

    /** Meters nobody reads: for a service built without a registry. */
    public static final TokenMetrics NONE = new TokenMetrics(new SimpleMeterRegistry());

    private final Counter cacheHits;

    private final Counter cacheMisses;

    private final Counter savedInReplica;

    private final Counter savedAcrossReplicas;

    public TokenMetrics(MeterRegistry registry) {
        Assert.notNull(registry, "registry cannot be null");
        this.cacheHits = cacheGets(registry, "hit");
        this.cacheMisses = cacheGets(registry, "miss");
        this.savedInReplica = saved(registry, "replica");
        this.savedAcrossReplicas = saved(registry, "replicas");
    }

    private static Counter cacheGets(MeterRegistry registry, String result) {
        return Counter.builder("cometgate.token.cache.gets")
            .description("Token cache lookups, by result")
            .tag("result", result)
            .register(registry);
    }

    private static Counter saved(MeterRegistry registry, String scope) {
        return Counter.builder("cometgate.token.mints.saved")
            .description("Mints saved by joining another request's mint (single flight)")
            .tag("scope", scope)
            .register(registry);
    }

    void cacheHit() {
        this.cacheHits.increment();
    }

    void cacheMiss() {
        this.cacheMisses.increment();
    }

    void joinedMintInReplica() {
        this.savedInReplica.increment();
    }

    void foundMintOfAnotherReplica() {
        this.savedAcrossReplicas.increment();
    }

}
