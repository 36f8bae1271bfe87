package io.cometgate.loadtests.support;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.gatling.javaapi.core.Session;

/**
 * Upstream (CometChat) calls per 1,000 token requests: the emulator's counters are read before and after the run
 * and their growth is divided by the token-route requests the run sent. It measures what the token cache saves: today
 * every token request costs at least one CometChat call. Only meaningful when nothing else calls the same emulator
 * during the run. A counter that cannot be read is reported, never fails the run: the load figures stand on their own.
 */
public final class UpstreamCallMeter {

    private final Optional<EmulatorCounters> emulator;

    private final LongAdder tokenRequests = new LongAdder();

    private Map<String, Long> before;

    private String unreadable;

    public UpstreamCallMeter(Optional<String> emulatorUrl) {
        this.emulator = emulatorUrl.map(EmulatorCounters::new);
    }

    /** A session step that counts one token request; placed right before each token-route request. */
    public Function<Session, Session> countTokenRequest() {
        return (session) -> {
            this.tokenRequests.increment();
            return session;
        };
    }

    /** Reads the counters before the run. */
    public void start() {
        this.before = read();
    }

    /** Reads the counters after the run and prints the upstream calls per 1,000 token requests. */
    public void report(PrintStream out) {
        if (this.emulator.isEmpty()) {
            out.println("Upstream calls: not measured (emulator.url is blank)");
            return;
        }
        Map<String, Long> after = read();
        if (this.before == null || after == null) {
            out.println("Upstream calls: not measured, " + this.unreadable);
            return;
        }
        long requests = this.tokenRequests.sum();
        Map<String, Long> growth = growth(this.before, after);
        long upstreamCalls = growth.getOrDefault("total", 0L);
        growth.remove("total");
        out.printf("Upstream calls: %d CometChat calls for %d token requests = %s per 1,000 token requests %s%n",
                upstreamCalls, requests, perThousand(upstreamCalls, requests), growth);
    }

    static String perThousand(long upstreamCalls, long requests) {
        return (requests == 0) ? "n/a" : String.format("%.1f", upstreamCalls * 1000.0 / requests);
    }

    /** Operations whose count grew, with the growth; {@code total} included. */
    static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> growth = new LinkedHashMap<>();
        after.forEach((operation, count) -> {
            long delta = count - before.getOrDefault(operation, 0L);
            if (delta != 0 || "total".equals(operation)) {
                growth.put(operation, delta);
            }
        });
        return growth;
    }

    private Map<String, Long> read() {
        if (this.emulator.isEmpty()) {
            return null;
        }
        try {
            return this.emulator.get().read();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.unreadable = "interrupted while reading " + this.emulator.get().uri();
        }
        catch (Exception ex) {
            this.unreadable = "could not read " + this.emulator.get().uri() + " (" + ex + "); is emulator.url the "
                    + "emulator the gateway calls? Set it blank for a gateway that calls the real CometChat.";
        }
        return null;
    }

}
