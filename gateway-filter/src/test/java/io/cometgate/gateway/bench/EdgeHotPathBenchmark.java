package io.cometgate.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.cometgate.gateway.internal.audit.AuditLog;
import io.cometgate.gateway.internal.audit.EdgeMetrics;
import io.cometgate.gateway.internal.cache.TokenCipher;

/**
 * CPU and allocation of the per-request bookkeeping of a cached token request, each against the way it was done
 * before, measured in the same run ({@code -prof gc} for the allocations). Run by hand, see load-tests/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EdgeHotPathBenchmark {

    private static final AuditLog.AuditEntry ENTRY = new AuditLog.AuditEntry("cometchat.token.mint", "cometchat-token",
            "demo-app", "alice", "CACHED", 200, Duration.ofMillis(3), 0);

    private final MeterRegistry perRequestRegistry = new SimpleMeterRegistry();

    private final EdgeMetrics metrics = new EdgeMetrics(new SimpleMeterRegistry());

    private static final String KEY = "Y29tZXRnYXRlLWRldi1rZXktbm90LWZvci1wcm9kISE=";

    private final TokenCipher cipher = new TokenCipher(KEY, List.of());

    private final SecretKey key = TokenCipher.decodeKey(KEY, "key");

    private final String sealed = this.cipher.encrypt("1764633600:alice_1796165608b3c22a6455d27d753c39d845a3e874",
            "demo-app\u0000alice");

    private final byte[] sealedBytes = Base64.getUrlDecoder().decode(this.sealed.split("\\.", 3)[2]);

    /** Before: the timer looked up in the registry on every request, its tags built again each time. */
    @Benchmark
    public void metricsLookedUpPerRequest() {
        Timer.builder("cometgate.requests")
            .description("Requests answered at the edge by CometGate")
            .tag("route", ENTRY.routeId())
            .tag("event", ENTRY.event())
            .tag("outcome", ENTRY.outcome())
            .tag("status", Integer.toString(ENTRY.status()))
            .register(this.perRequestRegistry)
            .record(ENTRY.latency().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** After: {@link EdgeMetrics} keeps its meters by tags. */
    @Benchmark
    public void metricsCached() {
        this.metrics.record(ENTRY);
    }

    /** Before: a cached token decrypted with a cipher looked up for each value. */
    @Benchmark
    public String decryptWithNewCipher() throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, this.sealedBytes, 0, 12));
        cipher.updateAAD("demo-app\u0000alice".getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(this.sealedBytes, 12, this.sealedBytes.length - 12), StandardCharsets.UTF_8);
    }

    /** After: {@link TokenCipher#decrypt} (the value parsed too), with the thread's cipher. */
    @Benchmark
    public Optional<String> decrypt() {
        return this.cipher.decrypt(this.sealed, "demo-app\u0000alice");
    }

}
