package io.cometgate.gateway.internal.cache;

import io.cometgate.gateway.cache.TokenCache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;

/**
 * A token cache whose evictions are never forgotten: a logout is answered 204 whether or not Redis took its
 * eviction at that moment, so an eviction that failed (Redis unreachable, paused, too slow) is remembered here and
 * done again every {@code retryEvery} until it succeeds, the announcement to the other replicas included (the
 * wrapped cache's {@link TokenCache#evict} does both and fails when either did not happen).
 * <p>
 * While a user's eviction is unfinished, this replica reads the user as a miss: Redis may still hold the revoked
 * token, and reading it back would hand it out again. The bound: once Redis answers again, the eviction reaches
 * Redis and its invalidation every replica within {@code retryEvery} plus one command timeout, as long as this
 * replica runs (the memory of unfinished evictions is this replica's own; if it stops first, the entry expires with
 * the cache's TTL). A later token of the same user may be removed by the late eviction: that costs one mint.
 */
public final class UnforgettableEvictions implements TokenCache, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(UnforgettableEvictions.class);

    private final TokenCache cache;

    private final Duration retryEvery;

    private final Map<String, Unfinished> unfinished = new ConcurrentHashMap<>();

    private final Disposable retries;

    /**
     * @param cache the cache whose evictions must not be lost; its {@code evict} fails when it did not happen
     * @param retryEvery how often unfinished evictions are tried again, off the request path
     */
    public UnforgettableEvictions(TokenCache cache, Duration retryEvery) {
        Assert.notNull(cache, "cache cannot be null");
        Assert.isTrue(retryEvery != null && retryEvery.compareTo(Duration.ZERO) > 0, "retryEvery must be positive");
        this.cache = cache;
        this.retryEvery = retryEvery;
        this.retries = Flux.interval(retryEvery, retryEvery)
            .onBackpressureDrop()
            .concatMap((tick) -> retryUnfinished())
            .subscribe();
    }

    @Override
    public Mono<AuthToken> get(CometChatApp app, String uid) {
        // Every token request reads here: no key is built while no eviction is unfinished (nearly always).
        return Mono.defer(() -> (!this.unfinished.isEmpty() && this.unfinished.containsKey(key(app.appId(), uid)))
                ? Mono.empty() : this.cache.get(app, uid));
    }

    @Override
    public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
        return this.cache.put(app, uid, token);
    }

    /** Evicts, or remembers to; never fails. */
    @Override
    public Mono<Void> evict(CometChatApp app, String uid) {
        return Mono.defer(() -> {
            Unfinished eviction = new Unfinished(app, uid);
            return this.cache.evict(app, uid).onErrorResume((ex) -> {
                this.unfinished.put(key(app.appId(), uid), eviction);
                logger.warn("The token cache eviction of a logged-out user of app {} did not reach Redis ({}): "
                        + "retried every {} ms until it does", app.appId(), ex.getClass().getSimpleName(),
                        this.retryEvery.toMillis());
                return Mono.empty();
            });
        });
    }

    /** The cache whose evictions this one finishes. */
    public TokenCache cache() {
        return this.cache;
    }

    /** How many evictions wait for Redis. */
    public int unfinished() {
        return this.unfinished.size();
    }

    /**
     * Tries the unfinished evictions once, one after the other, and stops at the first that fails (Redis is still
     * away: the others would each wait a command timeout for nothing); also what the background retries run.
     * @return completes when the round is over (a failed eviction stays for the next round)
     */
    public Mono<Void> retryUnfinished() {
        return Flux.fromIterable(this.unfinished.entrySet())
            .concatMap((entry) -> this.cache.evict(entry.getValue().app(), entry.getValue().uid())
                // Only this attempt's entry: a logout of the same user meanwhile is a new one, tried next round.
                .then(Mono.fromRunnable(() -> {
                    if (this.unfinished.remove(entry.getKey(), entry.getValue())) {
                        logger.info("The token cache eviction of a logged-out user of app {} reached Redis",
                                entry.getValue().app().appId());
                    }
                })))
            .then()
            .onErrorResume((ex) -> Mono.empty());
    }

    @Override
    public void destroy() {
        this.retries.dispose();
    }

    private static String key(String appId, String uid) {
        return appId + ":" + uid;
    }

    // Compared by identity: a second logout of the same user is a new eviction, never taken for the first.
    private static final class Unfinished {

        private final CometChatApp app;

        private final String uid;

        Unfinished(CometChatApp app, String uid) {
            this.app = app;
            this.uid = uid;
        }

        CometChatApp app() {
            return this.app;
        }

        String uid() {
            return this.uid;
        }

    }

}
