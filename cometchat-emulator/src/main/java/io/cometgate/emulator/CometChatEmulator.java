package io.cometgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful local stand-in for the CometChat REST API v3 (users and auth tokens), served over real HTTP, with knobs
 * that make it fail the ways the live API and the network do.
 *
 * <p>It exists so that a client (the gateway's token filter) can be tested end to end, offline and repeatably,
 * against the exact paths, status codes, bodies and limits of the live API: {@code 400 ERR_UID_ALREADY_EXISTS}
 * (never 409), the error envelope, masked keys in messages, deactivated users, the plan quota, the rate-limit tiers
 * and their headers, {@code 429} with {@code Retry-After}. The behaviour follows {@code cometchat-rest-v3.md}; where
 * it had to decide (tokens are always minted, {@code force} or not), the decision is documented where it is made.
 *
 * <pre>{@code
 * try (CometChatEmulator emulator = CometChatEmulator.builder().port(0).build().start()) {
 *     String baseUrl = emulator.baseUrl(); // http://127.0.0.1:<port>/v3
 *     emulator.failNext(1, 503, "ERR_SERVICE_UNAVAILABLE");
 *     ...
 *     assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>No Spring: Reactor Netty serves HTTP on its own event loops (daemon threads), so the emulator does not compete
 * with the application under test for the shared Reactor Netty loops. Every method is thread-safe; knobs take effect
 * for the next calls.
 */
public final class CometChatEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CometChatEmulator.class);

    /** The default app id, for local use. */
    public static final String DEFAULT_APP_ID = "demo-app";

    /** The default REST API key, for local use only: it is public. */
    public static final String DEFAULT_API_KEY = "dev-rest-api-key-0000000000000000";

    /** The default region. */
    public static final String DEFAULT_REGION = "us";

    /** The regions CometChat serves. */
    static final Set<String> REGIONS = Set.of("us", "eu", "in");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final TypeReference<Map<String, Object>> MAP_OF_VALUES = new TypeReference<>() {
    };

    private final String host;

    private final int requestedPort;

    private final String appId;

    private final String apiKey;

    private final String region;

    private final JsonMapper mapper = JsonMapper.builder().build();

    private final UserStore users;

    private final FaultInjector faults = new FaultInjector();

    private final AppRateLimiter rateLimiter = new AppRateLimiter();

    private final CallCounters counters = new CallCounters();

    private final EmulatorRoutes routes;

    private final Object lifecycleMonitor = new Object();

    private LoopResources loops;

    private DisposableServer server;

    private CometChatEmulator(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.appId = builder.appId;
        this.apiKey = builder.apiKey;
        this.region = builder.region;
        this.users = new UserStore(builder.clock);
        JsonReplies replies = new JsonReplies(this.mapper);
        AdminEndpoints admin = new AdminEndpoints(this.counters, this.faults, this.rateLimiter, this.users,
                this::reset, replies);
        this.routes = new EmulatorRoutes(this.apiKey, this.users, this.faults, this.rateLimiter, this.counters, replies,
                admin, builder.clock);
    }

    /** A builder with the defaults: free port on 127.0.0.1, app {@code demo-app}, region {@code us}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the server and starts answering.
     * @return this emulator, started
     * @throws IllegalStateException if already started
     */
    public CometChatEmulator start() {
        synchronized (this.lifecycleMonitor) {
            if (this.server != null) {
                throw new IllegalStateException("The CometChat emulator is already started on port " + port());
            }
            int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
            LoopResources newLoops = LoopResources.create("cometchat-emulator", 1, workers, true);
            try {
                this.server = HttpServer.create()
                    .host(this.host)
                    .port(this.requestedPort)
                    .runOn(newLoops)
                    .handle(this.routes)
                    .bindNow(Duration.ofSeconds(10));
            }
            catch (RuntimeException ex) {
                newLoops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT.multipliedBy(2));
                throw ex;
            }
            this.loops = newLoops;
            log.info("CometChat emulator listening on {} (appId={}, region={})", baseUrl(), this.appId, this.region);
            return this;
        }
    }

    /** Stops the server and closes every open connection, including hanging ones. Idempotent. */
    public void stop() {
        synchronized (this.lifecycleMonitor) {
            if (this.server == null) {
                return;
            }
            try {
                this.server.disposeNow(STOP_TIMEOUT);
            }
            finally {
                this.loops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT.multipliedBy(2));
                this.server = null;
                this.loops = null;
                log.info("CometChat emulator stopped");
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The bound port (the real one when built with port 0).
     * @throws IllegalStateException if not started
     */
    public int port() {
        synchronized (this.lifecycleMonitor) {
            if (this.server == null) {
                throw new IllegalStateException("The CometChat emulator is not started: call start() first");
            }
            return this.server.port();
        }
    }

    /** The base URL to configure a client with, e.g. {@code http://127.0.0.1:8089/v3}. */
    public String baseUrl() {
        String urlHost = ("0.0.0.0".equals(this.host) || "::".equals(this.host)) ? "127.0.0.1" : this.host;
        if (urlHost.contains(":")) {
            urlHost = "[" + urlHost + "]";
        }
        return "http://" + urlHost + ":" + port() + ApiRoute.BASE_PATH;
    }

    public String appId() {
        return this.appId;
    }

    /** The REST API key the emulator accepts in the {@code apikey} header. */
    public String apiKey() {
        return this.apiKey;
    }

    public String region() {
        return this.region;
    }

    /**
     * Back to a fresh start: no users or tokens, no faults, no latency, the documented rate limits (no app-wide cap,
     * no free plan), no quota, no token cap, no timestamp offset, counters at zero.
     */
    public CometChatEmulator reset() {
        this.users.clear();
        this.faults.reset();
        this.rateLimiter.reset();
        this.counters.reset();
        return this;
    }

    // ---- knobs ----

    /** Delays every {@code /v3} answer by {@code latency} (without blocking a thread); zero turns it off. */
    public CometChatEmulator latency(Duration latency) {
        this.faults.latency(Objects.requireNonNull(latency, "latency must not be null"));
        return this;
    }

    /**
     * The next {@code count} {@code /v3} calls answer {@code status} with the error envelope and {@code code}. A 429
     * also carries {@code Retry-After} ({@link #retryAfter} when set, else 15 like the live API) and
     * {@code X-Rate-Limit-Reset}. Replaces a previous {@code failNext}; zero disarms it.
     */
    public CometChatEmulator failNext(int count, int status, String code) {
        this.faults.failNext(count, status, code);
        return this;
    }

    /** The next {@code count} {@code /v3} calls get their TCP connection reset, without any response. */
    public CometChatEmulator resetConnectionNext(int count) {
        this.faults.resetConnectionNext(count);
        return this;
    }

    /** The next {@code count} {@code /v3} calls are never answered; only the client's timeout ends them. */
    public CometChatEmulator hangNext(int count) {
        this.faults.hangNext(count);
        return this;
    }

    /**
     * Caps {@code /v3} calls app-wide, over every operation, at {@code callsPerMinute} per one-minute window (starting
     * with the next call), on top of the tier limits; calls over it answer {@code 429 ERR_TOO_MANY_REQUESTS}. Also
     * sets {@link #retryAfter} to {@code retryAfter}. While the cap is set, the {@code X-RateLimit-Limit-For-App} and
     * {@code X-RateLimit-Remaining-For-App} headers report it. {@code callsPerMinute == 0} removes the cap.
     */
    public CometChatEmulator appRateLimit(int callsPerMinute, Duration retryAfter) {
        this.rateLimiter.configure(callsPerMinute, retryAfter);
        return this;
    }

    /**
     * Sets the per-minute limits of the two tiers (defaults: core 10,000, standard 20,000, as documented); set them
     * small to spend a tier in a test. Starts fresh windows.
     * @see Operation#tier()
     */
    public CometChatEmulator rateLimitTiers(int corePerMinute, int standardPerMinute) {
        this.rateLimiter.tiers(corePerMinute, standardPerMinute);
        return this;
    }

    /** Free-plan mode: 500 calls a minute for each tier, whatever {@link #rateLimitTiers} says. Off by default. */
    public CometChatEmulator freePlan(boolean freePlan) {
        this.rateLimiter.freePlan(freePlan);
        return this;
    }

    /**
     * The {@code Retry-After} of every 429 the emulator answers, spent tier, app-wide cap or injected alike (rounded
     * up to seconds). {@code null} or zero: a spent window says "until it ends", an injected 429 says 15.
     */
    public CometChatEmulator retryAfter(Duration retryAfter) {
        this.rateLimiter.retryAfter(retryAfter);
        return this;
    }

    /**
     * The plan's user quota: the create that would hold more than {@code maxUsers} users answers
     * {@code 402 ERR_PLAN_QUOTA_RESTRICTION} (live: the 26th create on a free app, so {@code maxUsers(25)}).
     * Deactivated users count; a permanent delete frees a place. {@code 0} (the default): no quota.
     */
    public CometChatEmulator maxUsers(int maxUsers) {
        this.users.maxUsers(maxUsers);
        return this;
    }

    /**
     * Keeps only the newest {@code tokenCap} tokens of each user valid, older ones stop working at the next mint.
     * {@code 0} (the default): no cap, because nothing settles that the live API has one (a live listing showed 200).
     */
    public CometChatEmulator tokenCap(int tokenCap) {
        this.users.tokenCap(tokenCap);
        return this;
    }

    /**
     * Shifts every timestamp the emulator writes from now on ({@code createdAt}, {@code updatedAt}, token times) by
     * {@code offset}, e.g. {@code Duration.ofDays(-10)} to mint a token ten days old. Rate-limit windows keep the
     * real clock. {@link Duration#ZERO} (the default) turns it off.
     */
    public CometChatEmulator timestampOffset(Duration offset) {
        this.users.timestampOffsetSeconds(Objects.requireNonNull(offset, "offset must not be null").toSeconds());
        return this;
    }

    /**
     * Moves the {@code createdAt} of one token of {@code uid} (active or deactivated), to age it without waiting; the
     * listing ({@code GET /users/{uid}/auth_tokens}) reorders by it. The token's value is unchanged.
     * @throws IllegalArgumentException if the user or the token is unknown
     */
    public CometChatEmulator tokenCreatedAt(String uid, String authToken, Instant createdAt) {
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        try {
            this.users.ageToken(uid, authToken, createdAt.getEpochSecond());
        }
        catch (ApiException ex) {
            // Never the token in the message: it is a credential even in tests.
            throw new IllegalArgumentException("No such token of user " + uid + " (" + ex.code() + ")");
        }
        return this;
    }

    // ---- counters ----

    /** How many {@code /v3} calls for {@code operation} arrived, whatever they were answered. */
    public long calls(Operation operation) {
        return this.counters.calls(Objects.requireNonNull(operation, "operation must not be null"));
    }

    /** How many {@code /v3} calls arrived, including calls to unknown routes. */
    public long totalCalls() {
        return this.counters.total();
    }

    public CometChatEmulator resetCounters() {
        this.counters.reset();
        return this;
    }

    // ---- state inspection ----

    /** Whether {@code uid} is an active user, i.e. {@code GET /v3/users/{uid}} would answer 200. */
    public boolean userExists(String uid) {
        return this.users.isActive(uid);
    }

    /** The stored user, active or deactivated; empty when it never existed or was deleted permanently. */
    public Optional<EmulatedUser> user(String uid) {
        return this.users.find(uid).map(this::toEmulatedUser);
    }

    /** The tokens of {@code uid} that still work, newest first by {@code createdAt}; none for a deactivated user. */
    public List<String> activeTokens(String uid) {
        return this.users.activeTokens(uid);
    }

    /** Whether a client could log in as {@code uid} with {@code authToken} right now. */
    public boolean isTokenValid(String uid, String authToken) {
        return this.users.isTokenValid(uid, authToken);
    }

    private EmulatedUser toEmulatedUser(UserState state) {
        Map<String, Object> metadata = (state.metadata() != null)
                ? this.mapper.convertValue(state.metadata(), MAP_OF_VALUES) : null;
        return new EmulatedUser(state.uid(), state.name(), state.avatar(), state.link(), state.role(),
                state.statusMessage(), metadata, state.tags(), state.createdAt(), state.updatedAt(),
                state.deactivated());
    }

    @Override
    public String toString() {
        // Never the API key: this string ends up in test reports and logs.
        return "CometChatEmulator[appId=" + this.appId + ", region=" + this.region + ", host=" + this.host + "]";
    }

    /** Builds a {@link CometChatEmulator}; every setting has a default suited to tests. */
    public static final class Builder {

        private String host = "127.0.0.1";

        private int port = 0;

        private String appId = DEFAULT_APP_ID;

        private String apiKey = DEFAULT_API_KEY;

        private String region = DEFAULT_REGION;

        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The address to bind. Defaults to {@code 127.0.0.1}; use {@code 0.0.0.0} to serve other hosts. */
        public Builder host(String host) {
            this.host = requireText(host, "host");
            return this;
        }

        /** The port to bind. Defaults to {@code 0}: a free port, read back with {@link CometChatEmulator#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The app id. Defaults to {@code demo-app}. */
        public Builder appId(String appId) {
            this.appId = requireText(appId, "appId");
            return this;
        }

        /** The REST API key to accept. Defaults to {@value CometChatEmulator#DEFAULT_API_KEY}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = requireText(apiKey, "apiKey");
            return this;
        }

        /** The region: {@code us}, {@code eu} or {@code in}. Defaults to {@code us}. */
        public Builder region(String region) {
            String value = requireText(region, "region");
            if (!REGIONS.contains(value)) {
                throw new IllegalArgumentException("region must be one of us, eu, in; was " + value);
            }
            this.region = value;
            return this;
        }

        /** The clock for {@code createdAt}, {@code updatedAt}, token times and the rate-limit window. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        public CometChatEmulator build() {
            return new CometChatEmulator(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
