package io.cometgate.gateway.internal.cache;

import io.cometgate.gateway.cache.TokenCache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's own rules, in front of a map standing in for Redis: what it serves, what it publishes, and the
 * interleavings where a read of the shared cache races an invalidation, made deterministic by holding the read.
 */
class NearTokenCacheTests {

    private static final CometChatApp APP = new CometChatApp("app1", "eu", "key", URI.create("http://localhost"));

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final SharedMap shared = new SharedMap();

    private final List<String> published = new ArrayList<>();

    private final TokenInvalidations invalidations = (app, uid) -> Mono.fromRunnable(
            () -> this.published.add(app.appId() + ":" + uid));

    private final NearTokenCache near = new NearTokenCache(this.shared, this.invalidations, 1000, Duration.ofHours(24),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void getWhenReadFromSharedOnceThenServedLocallyWithoutSharedRead() {
        this.shared.tokens.put("alice", token("alice", "t1"));

        assertThat(this.near.get(APP, "alice").block().authToken()).isEqualTo("t1");
        assertThat(this.near.get(APP, "alice").block().authToken()).isEqualTo("t1");

        assertThat(this.shared.reads).isEqualTo(1);
    }

    @Test
    void putThenStoredInBothAndPublished() {
        this.near.put(APP, "alice", token("alice", "t1")).block();
        this.shared.tokens.clear();

        assertThat(this.near.get(APP, "alice").block().authToken()).isEqualTo("t1");
        assertThat(this.published).containsExactly("app1:alice");
    }

    @Test
    void evictThenGoneFromBothAndPublished() {
        this.near.put(APP, "alice", token("alice", "t1")).block();
        this.published.clear();

        this.near.evict(APP, "alice").block();

        assertThat(this.near.get(APP, "alice").blockOptional()).isEmpty();
        assertThat(this.shared.tokens).doesNotContainKey("alice");
        assertThat(this.published).containsExactly("app1:alice");
    }

    @Test
    void invalidatedByAnotherReplicaThenNextReadGoesToShared() {
        this.shared.tokens.put("alice", token("alice", "old"));
        this.near.get(APP, "alice").block();
        this.shared.tokens.put("alice", token("alice", "new"));

        this.near.invalidated("app1", "alice");

        assertThat(this.near.get(APP, "alice").block().authToken()).isEqualTo("new");
    }

    @Test
    void sharedReadUnderWayWhenInvalidationArrivesThenItsResultIsNotKept() {
        this.shared.tokens.put("alice", token("alice", "revoked"));
        Sinks.Empty<Void> release = Sinks.empty();
        this.shared.holdReadsUntil = release.asMono();

        // The read saw the old token; a logout elsewhere deletes it and its message arrives before the answer does.
        Mono<AuthToken> read = this.near.get(APP, "alice").cache();
        read.subscribe();
        this.shared.tokens.remove("alice");
        this.near.invalidated("app1", "alice");
        release.tryEmitEmpty();

        assertThat(read.block().authToken()).isEqualTo("revoked");
        this.shared.holdReadsUntil = Mono.empty();
        assertThat(this.near.get(APP, "alice").blockOptional()).isEmpty();
    }

    @Test
    void sharedReadUnderWayWhenAnotherUserIsInvalidatedThenItsResultIsKept() {
        this.shared.tokens.put("alice", token("alice", "t1"));
        Sinks.Empty<Void> release = Sinks.empty();
        this.shared.holdReadsUntil = release.asMono();

        // Other users' mints and logouts elsewhere keep arriving; they say nothing about alice's token.
        Mono<AuthToken> read = this.near.get(APP, "alice").cache();
        read.subscribe();
        this.near.invalidated("app1", "bob");
        release.tryEmitEmpty();

        assertThat(read.block().authToken()).isEqualTo("t1");
        this.shared.tokens.clear();
        assertThat(this.near.get(APP, "alice").block().authToken()).isEqualTo("t1");
    }

    @Test
    void sharedReadCompletingOnOneThreadWhileAnotherInvalidatesThenTheOldTokenIsNeverKept() throws Exception {
        // Lettuce completes the read on one thread while the invalidation arrives on the pub/sub thread: 10^5 rounds
        // of the two released together. The invalidation always follows the read's start, so the read's token must
        // never stay behind it.
        AtomicReference<Sinks.One<AuthToken>> answer = new AtomicReference<>();
        TokenCache heldShared = new TokenCache() {

            @Override
            public Mono<AuthToken> get(CometChatApp app, String uid) {
                return answer.get().asMono();
            }

            @Override
            public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
                return Mono.empty();
            }

            @Override
            public Mono<Void> evict(CometChatApp app, String uid) {
                return Mono.empty();
            }

        };
        NearTokenCache cache = new NearTokenCache(heldShared, this.invalidations, 1000, Duration.ofHours(24),
                Clock.fixed(NOW, ZoneOffset.UTC));
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int stale = 0;
        try {
            for (int round = 0; round < 100_000; round++) {
                Sinks.One<AuthToken> sink = Sinks.one();
                answer.set(sink);
                AuthToken old = token("alice", "old-" + round);
                cache.get(APP, "alice").subscribe();
                Future<?> read = threads.submit(() -> {
                    together.await();
                    return sink.tryEmitValue(old);
                });
                Future<?> invalidation = threads.submit(() -> {
                    together.await();
                    cache.invalidated("app1", "alice");
                    return null;
                });
                read.get(10, TimeUnit.SECONDS);
                invalidation.get(10, TimeUnit.SECONDS);
                if (cache.size() != 0) {
                    stale++;
                    cache.clear();
                }
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(stale).as("rounds that kept a token read before its invalidation").isZero();
    }

    @Test
    void subscribedAgainThenEveryLocalCopyIsDropped() {
        this.near.put(APP, "alice", token("alice", "t1")).block();
        this.near.put(APP, "bob", token("bob", "t2")).block();
        this.shared.tokens.clear();

        this.near.subscribed();

        assertThat(this.near.size()).isZero();
        assertThat(this.near.get(APP, "alice").blockOptional()).isEmpty();
    }

    @Test
    void tokenMintedLongerAgoThanTtlThenNotKeptLocally() {
        this.shared.tokens.put("alice", new AuthToken("alice", "ancient", NOW.minus(Duration.ofHours(25)).getEpochSecond()));

        this.near.get(APP, "alice").block();
        this.near.get(APP, "alice").block();

        assertThat(this.shared.reads).isEqualTo(2);
    }

    private static AuthToken token(String uid, String value) {
        return new AuthToken(uid, value, NOW.getEpochSecond());
    }

    /** Redis, as far as the near cache can tell: a map, whose reads can be held back. */
    private static final class SharedMap implements TokenCache {

        final Map<String, AuthToken> tokens = new ConcurrentHashMap<>();

        volatile Mono<Void> holdReadsUntil = Mono.empty();

        int reads;

        @Override
        public Mono<AuthToken> get(CometChatApp app, String uid) {
            return Mono.defer(() -> {
                this.reads++;
                AuthToken seen = this.tokens.get(uid);
                return this.holdReadsUntil.then(Mono.justOrEmpty(seen));
            });
        }

        @Override
        public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
            return Mono.fromRunnable(() -> this.tokens.put(uid, token));
        }

        @Override
        public Mono<Void> evict(CometChatApp app, String uid) {
            return Mono.fromRunnable(() -> this.tokens.remove(uid));
        }

    }

}
