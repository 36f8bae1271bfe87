package io.cometgate.loadtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.PopulationBuilder;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.IssuerTokens;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Settings;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A fault simulation: warmed users on several replicas while Redis is paused again and again
 * ({@code CLIENT PAUSE}), reporting what issue 10's table measures: the CometChat calls the run cost (cached users
 * must not be minted again), the answers by status (no fail-closed 503 on a fail-open route, no 504), and the
 * requests each user was allowed (the per-user limit must not double while decisions move between Redis and the
 * replicas' local buckets).
 * <p>
 * Needs Redis reachable from the load generator: {@code redis.url} (default {@code redis://localhost:6379}; publish
 * the compose Redis's port, for example {@code docker compose run} with {@code -p 6379:6379}, or point it at the
 * Redis the replicas share). If Redis cannot be reached, the run goes on and says that no pause was sent.
 * <p>
 * Defaults: {@code base.urls} as {@link TwoReplicasSimulation}, {@code users=200}, {@code rate=40} requests/s over
 * all replicas, {@code duration=40} s, {@code ramp=5} s; {@code pauses=15} pauses of {@code pause.ms=400} ms, one
 * every {@code pause.every.ms=2000} ms from the end of the ramp; {@code warm.all.replicas=true}: each user's first
 * login goes to the first replica, then one request to each other replica caches the token there too, before the
 * paced requests, and the first pause waits until every user is warmed ({@code false}: first login on the first
 * replica only, pauses from the end of the ramp).
 */
public class RedisPauseSimulation extends GatewaySimulation {

    static final String REQUEST = "token route during Redis pauses";

    static final String WARM_UP = "token route: warm-up on another replica";

    private final Load load = Load.fromSystemProperties(200, 40, 40, 5);

    private final String redisUrl = Settings.string("redis.url", "redis://localhost:6379");

    private final int pauses = Settings.positiveInt("pauses", 15);

    private final int pauseMillis = Settings.positiveInt("pause.ms", 400);

    private final int pauseEveryMillis = Settings.positiveInt("pause.every.ms", 2000);

    // Issue 10's row is about users cached before the pauses: by default each user's token is read once on every
    // replica (first login on the first, a cached answer on the others) before its paced requests begin.
    private final boolean warmAllReplicas = Boolean.parseBoolean(Settings.string("warm.all.replicas", "true"));

    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> allowedPerUser = new ConcurrentHashMap<>();

    private final AtomicInteger pausesSent = new AtomicInteger();

    private final AtomicInteger usersWarmed = new AtomicInteger();

    private volatile long pausesDelayedMillis;

    private volatile String pauseFailure;

    private Thread pauser;

    public RedisPauseSimulation() {
        super(Target.replicasFromSystemProperties());
        setUp(users()).protocols(httpProtocol());
    }

    private PopulationBuilder users() {
        String prefix = VirtualUsers.runUniquePrefix("redis-pause");
        ChainBuilder firstLogin = this.requests.tokenRoute(GatewayRequests.FIRST_LOGIN, this.target.gatewayUrls().get(0));
        return scenario("redis pauses: token route").feed(VirtualUsers.ids(prefix))
            .exec(IssuerTokens.fetchAccessToken(this.target.issuerTokenUrl()))
            .exec(firstLogin)
            .exec(warmUpOnOtherReplicas())
            // exitASAP false: a request in flight when the duration ends is still counted by status and per user
            // (with the default, the loop left between the request and the step that counts it).
            .during(this.load.duration(), false)
            .on(pace(this.load.pace()).exec(acrossReplicas()))
            .injectOpen(rampUsers(this.load.users()).during(this.load.ramp()));
    }

    // A cached answer from every other replica, so that each replica has seen the user before Redis is paused. These
    // requests are not counted as "allowed" below, but they do take from the user's limit.
    private ChainBuilder warmUpOnOtherReplicas() {
        ChainBuilder chain = exec((session) -> session);
        if (this.warmAllReplicas) {
            for (String url : this.target.gatewayUrls().subList(1, this.target.gatewayUrls().size())) {
                chain = chain.exec(this.requests.tokenRoute(WARM_UP, url));
            }
        }
        return chain.exec((session) -> {
            this.usersWarmed.incrementAndGet();
            return session;
        });
    }

    // Each request of a user goes to the next replica, and is counted by status and, when allowed, per user.
    private ChainBuilder acrossReplicas() {
        int replicas = this.target.gatewayUrls().size();
        ChainBuilder chain = exec((session) -> session.set("replica",
                (session.contains("replica") ? session.getInt("replica") + 1 : (int) session.userId()) % replicas));
        Choice.WithKey[] cases = new Choice.WithKey[replicas];
        for (int i = 0; i < replicas; i++) {
            cases[i] = onCase(i).then(exec(this.upstream.countTokenRequest())
                .exec(http(REQUEST).post(this.target.gatewayUrls().get(i) + "/cometchat-token")
                    .header("Authorization", "Bearer #{" + IssuerTokens.ACCESS_TOKEN + "}")
                    .check(status().saveAs(GatewayRequests.STATUS))));
        }
        return chain.doSwitch("#{replica}").on(cases).exec((session) -> {
            if (session.contains(GatewayRequests.STATUS)) {
                int status = session.getInt(GatewayRequests.STATUS);
                this.statuses.computeIfAbsent(status, (s) -> new LongAdder()).increment();
                if (status == 200) {
                    this.allowedPerUser.computeIfAbsent(session.getString(VirtualUsers.USER_ID),
                            (u) -> new AtomicInteger()).incrementAndGet();
                }
            }
            return session.remove(GatewayRequests.STATUS);
        });
    }

    @Override
    public void before() {
        super.before();
        this.pauser = new Thread(this::pauseRedis, "redis-pauser");
        this.pauser.setDaemon(true);
        this.pauser.start();
    }

    // Test code on its own thread: sleeps are fine here, and no Redis client library is needed for one command.
    private void pauseRedis() {
        URI uri = URI.create(this.redisUrl);
        try {
            Thread.sleep(this.load.ramp().toMillis());
            awaitUsersWarmed();
            for (int i = 0; i < this.pauses; i++) {
                sendClientPause(uri, this.pauseMillis);
                this.pausesSent.incrementAndGet();
                Thread.sleep(this.pauseEveryMillis);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (IOException ex) {
            this.pauseFailure = ex.toString();
        }
    }

    // The last users of the ramp are still logging in when it ends: with warm.all.replicas, the first pause waits
    // until every user has been served by every replica (30 s at most), so that no warm-up meets a pause.
    private void awaitUsersWarmed() throws InterruptedException {
        if (!this.warmAllReplicas) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (this.usersWarmed.get() < this.load.users() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        this.pausesDelayedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static void sendClientPause(URI redis, int millis) throws IOException {
        String argument = Integer.toString(millis);
        String command = "*3\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$" + argument.length() + "\r\n" + argument + "\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redis.getHost(), (redis.getPort() > 0) ? redis.getPort() : 6379), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first != '+') {
                throw new IOException("Redis refused CLIENT PAUSE (a password or an old Redis?)");
            }
        }
    }

    @Override
    public void after() {
        super.after();
        if (this.pauser != null) {
            this.pauser.interrupt();
        }
        System.out.println("Users warmed on every replica before the pauses: " + this.warmAllReplicas + " ("
                + this.usersWarmed.get() + " of " + this.load.users() + " users; first pause " + this.pausesDelayedMillis
                + " ms after the ramp; warm-up requests take from the limit but are not counted as allowed below)");
        System.out.printf("Redis pauses: %d of %d sent (%d ms each)%s%n", this.pausesSent.get(), this.pauses,
                this.pauseMillis, (this.pauseFailure != null) ? "; stopped: " + this.pauseFailure : "");
        Map<Integer, Long> byStatus = new TreeMap<>();
        this.statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
        System.out.println("Token route answers by status during the pauses: " + byStatus);
        Map<Integer, Integer> usersByAllowed = new TreeMap<>();
        this.allowedPerUser.values().forEach((allowed) -> usersByAllowed.merge(allowed.get(), 1, Integer::sum));
        System.out.println("Users by requests allowed after their first login (allowed -> users): " + usersByAllowed
                + "; compare with the gateway's per-user limit plus its refill over " + this.load.duration().toSeconds()
                + " s");
    }

}
