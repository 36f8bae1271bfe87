package io.cometgate.gateway.internal.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * Whether the Redis that is configured has ever worked for CometGate since start, and if not, why. A Redis that was
 * never reached is a misconfiguration until proven otherwise (a wrong address, TLS trust or password, an ACL user
 * without the permissions CometGate needs), not an outage: it is logged as an ERROR naming the cause (Redis's or the
 * TLS stack's own words, never a credential), and {@link #problem()} keeps readiness DOWN until the check passes.
 * Only once it has passed does a failure count as an outage, which the limiter rides out fail-open or fail-closed.
 * <p>
 * The check runs in the background from {@link #start()}, retried with a backoff until it passes: each of the
 * {@link Probe probes} (a PING, then the commands CometGate sends, on its own key prefixes and channel) must be
 * answered without an error, so that an ACL user refused {@code NOPERM} on CometGate's keys fails here, at start,
 * and not quietly on every request.
 */
public final class RedisStartupCheck implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(RedisStartupCheck.class);

    private final SharedRedisConnection redis;

    private final List<Probe> probes;

    private final String target;

    private final Duration maxBackoff;

    private final AtomicReference<String> problem = new AtomicReference<>();

    private final AtomicReference<Disposable> running = new AtomicReference<>();

    private final AtomicInteger failedAttempts = new AtomicInteger();

    private final AtomicReference<String> lastLogged = new AtomicReference<>();

    private volatile boolean passed;

    /**
     * @param redis the shared connection, opened and used as every other use of Redis does
     * @param target where Redis is, for the log lines (no credential)
     * @param probes the commands that must succeed, in order
     * @param maxBackoff the longest wait between two attempts
     */
    public RedisStartupCheck(SharedRedisConnection redis, String target, List<Probe> probes, Duration maxBackoff) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.hasText(target, "target cannot be empty");
        Assert.notEmpty(probes, "probes cannot be empty");
        Assert.notNull(maxBackoff, "maxBackoff cannot be null");
        this.redis = redis;
        this.target = target;
        this.probes = List.copyOf(probes);
        this.maxBackoff = maxBackoff;
    }

    /** Starts checking in the background; returns at once. */
    public void start() {
        Disposable started = Flux.fromIterable(this.probes)
            .concatMap(this::run)
            .then()
            .doOnError(this::failed)
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(this.maxBackoff))
            .subscribe(null, (ex) -> logger.error("Redis start-up check stopped: {}", describe(ex)), this::markPassed);
        Disposable previous = this.running.getAndSet(started);
        Assert.state(previous == null, "start is called once");
    }

    private Mono<Object> run(Probe probe) {
        return this.redis.call((commands) -> probe.command().apply(commands).thenApply((answer) -> (Object) probe))
            .onErrorMap((ex) -> !(ex instanceof ProbeFailedException), (ex) -> new ProbeFailedException(probe, ex));
    }

    /** Whether the check has passed: Redis worked for CometGate at least once since start. */
    public boolean passed() {
        return this.passed;
    }

    /**
     * Why Redis has not worked for CometGate since start, while it has not and an attempt has failed; {@code null}
     * otherwise (passed, or the first attempt still running).
     */
    public String problem() {
        return this.passed ? null : this.problem.get();
    }

    private void failed(Throwable failure) {
        if (failure instanceof ProbeFailedException probeFailed && probeFailed.getCause() instanceof RedisKnownDownException) {
            // Another use of Redis failed a moment ago and the shared state says wait: nothing new learned.
            return;
        }
        String cause = describe(failure);
        int attempts = this.failedAttempts.incrementAndGet();
        this.problem.set(cause);
        if (attempts == 1 && isTimeout(failure)) {
            // A first connection that is merely slow (a loaded machine, a Redis still starting) is not yet a
            // misconfiguration: the ERROR waits for a second attempt. Readiness is DOWN meanwhile all the same.
            logger.warn("CometGate has no answer yet from the configured {}; retrying", this.target);
            return;
        }
        String previous = this.lastLogged.getAndSet(cause);
        if (!cause.equals(previous)) {
            logger.error("CometGate cannot use the configured {}: {}. Readiness is DOWN until it can (retrying in the "
                    + "background); meanwhile requests are answered as during a Redis outage "
                    + "(cometchat.rate-limit.redis-failure). Check spring.data.redis.* "
                    + "(address, TLS trust, username/password, the ACL user's permissions on CometGate's keys and "
                    + "channel).", this.target, cause);
        }
    }

    private void markPassed() {
        this.passed = true;
        if (this.failedAttempts.get() > 0) {
            logger.info("CometGate can use {} now, after {} failed attempts", this.target, this.failedAttempts.get());
        }
        else {
            logger.info("CometGate uses {}", this.target);
        }
    }

    /**
     * The cause of a failure in words that name no secret: Redis's own error (WRONGPASS, NOPERM, ...), the TLS
     * stack's, the network's, or a timeout.
     * @param failure the failure
     * @return the description
     */
    static String describe(Throwable failure) {
        String step = (failure instanceof ProbeFailedException probeFailed) ? probeFailed.probe.name() + ": " : "";
        Throwable cause = (failure instanceof ProbeFailedException) ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return step + "Redis refused it (" + t.getMessage() + ")";
            }
            if (t instanceof SSLException) {
                return step + "the TLS handshake failed (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
            }
            if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
                return step + "no answer in time";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return step + "cannot connect (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
            }
            if (t.getCause() == null) {
                return step + t.getClass().getSimpleName() + ((t.getMessage() != null) ? ": " + t.getMessage() : "");
            }
        }
        return step + "unknown failure";
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void destroy() {
        Disposable started = this.running.get();
        if (started != null) {
            started.dispose();
        }
    }

    /**
     * One command that must succeed.
     * @param name what it checks, for the log line (say, {@code "EVAL on cometgate:rl:*"})
     * @param command the command
     */
    public record Probe(String name,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<?>> command) {

        public Probe {
            Assert.hasText(name, "name cannot be empty");
            Assert.notNull(command, "command cannot be null");
        }

    }

    private static final class ProbeFailedException extends RuntimeException {

        private final transient Probe probe;

        ProbeFailedException(Probe probe, Throwable cause) {
            super(probe.name(), cause, false, false);
            this.probe = probe;
        }

    }

}
