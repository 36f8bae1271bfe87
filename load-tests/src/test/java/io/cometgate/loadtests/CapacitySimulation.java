package io.cometgate.loadtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

import io.cometgate.loadtests.capacity.CapacityReport;
import io.cometgate.loadtests.capacity.CounterProbe;
import io.cometgate.loadtests.capacity.Phase;
import io.cometgate.loadtests.capacity.WarmedUsers;
import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.IssuerTokens;
import io.cometgate.loadtests.support.Settings;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.UpstreamCallMeter;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * How many cached token requests the gateway answers per second, against how many {@code /baseline} requests (the
 * same JWT validation and routing, no token work), in one run:
 * <ol>
 * <li>{@code users} users (default 1,000) sign in and make their first login, arriving over {@code warmup.duration}
 * seconds: their tokens are then cached;</li>
 * <li>both routes run together for {@code jit.duration} seconds at {@code jit.concurrency} (discarded: JIT, pools);</li>
 * <li>for each concurrency level of {@code levels} (default {@code 1,2,4,8,16,32,64}), {@code /baseline} then the
 * token route, each for {@code level.duration} seconds in a closed model (that many requests always in flight), each
 * request from a random warmed user;</li>
 * <li>with {@code ratio.rounds} N (default 0), N more rounds of {@code /baseline} then the token route at
 * {@code ratio.concurrency} (default the highest level), {@code level.duration} each: the median of their N ratios
 * is printed beside the saturation ratio, a steadier figure on a machine whose speed drifts;</li>
 * <li>the token route at {@code overload.factor} (default 4) times the highest level, for {@code overload.duration}
 * seconds: warmed users must still cause no CometChat call;</li>
 * <li>with {@code together.rounds} N (default 0), N rounds in which {@code /baseline} and the token route run at
 * the same time, {@code together.concurrency} connections each (default half the highest level), {@code level.duration}
 * each: both routes meet the same machine at the same moments, so the machine's drift cancels out. Not a CPU figure:
 * an event loop serves its connections in turn, a request each, so a request answered in one turn gets the same
 * share as a baseline request whatever its CPU, and one that waits for Redis needs a second turn. It shows how the
 * token route fares beside other traffic.</li>
 * </ol>
 * Levels alternate between the routes so that both see the same machine as it drifts. Between phases, Redis's
 * {@code INFO commandstats} ({@code redis.url}, default {@code redis://127.0.0.1:6380}, the demo's embedded Redis) and
 * the emulator's counters are read, so that each phase gets its own Redis commands and CometChat calls. The report
 * ({@link CapacityReport}) is printed at the end.
 * <p>
 * The gateway must let the load through its per-user limit and upstream budget: start it with, for example,
 * {@code COMETCHAT_RATE_LIMIT_PER_USER="1000000/1m" COMETCHAT_RATE_LIMIT_UPSTREAM_BUDGET="100000/1m"}. The limiter
 * still runs its full Redis decision on every request; only the numbers are higher.
 */
public class CapacitySimulation extends Simulation {

    private final Target target = Target.gatewayFromSystemProperties();

    private final int users = Settings.positiveInt("users", 1000);

    private final Duration warmUp = Settings.seconds("warmup.duration", 40);

    private final Duration jitDuration = Settings.seconds("jit.duration", 20);

    private final int jitConcurrency = Settings.positiveInt("jit.concurrency", 8);

    private final List<Integer> levels = Arrays.stream(Settings.string("levels", "1,2,4,8,16,32,64").split(","))
        .map(String::trim)
        .map(Integer::parseInt)
        .toList();

    private final Duration levelDuration = Settings.seconds("level.duration", 8);

    private final Duration settle = Settings.seconds("level.settle", 2);

    private final int overloadFactor = Integer.parseInt(Settings.string("overload.factor", "4"));

    private final Duration overloadDuration = Settings.seconds("overload.duration", 10);

    private final int ratioRounds = Integer.parseInt(Settings.string("ratio.rounds", "0"));

    private final int togetherRounds = Integer.parseInt(Settings.string("together.rounds", "0"));

    private final CounterProbe probe = new CounterProbe(
            Settings.optional("redis.url", "redis://127.0.0.1:6380"), this.target.emulatorUrl());

    private final WarmedUsers warmed = new WarmedUsers(this.users);

    private final List<Phase> phases = new ArrayList<>();

    public CapacitySimulation() {
        String gateway = this.target.gatewayUrl();
        for (int concurrency : this.levels) {
            this.phases.add(new Phase(CapacityReport.BASELINE, concurrency, false, this.settle.toNanos()));
            this.phases.add(new Phase(CapacityReport.TOKEN, concurrency, false, this.settle.toNanos()));
        }
        int highest = this.levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        int ratioConcurrency = Integer.parseInt(Settings.string("ratio.concurrency", String.valueOf(highest)));
        for (int round = 1; round <= this.ratioRounds; round++) {
            this.phases.add(new Phase(CapacityReport.BASELINE, ratioConcurrency, false, this.settle.toNanos(), round));
            this.phases.add(new Phase(CapacityReport.TOKEN, ratioConcurrency, false, this.settle.toNanos(), round));
        }
        if (this.overloadFactor > 0) {
            this.phases.add(new Phase(CapacityReport.TOKEN, highest * this.overloadFactor, true, this.settle.toNanos()));
        }

        List<List<PopulationBuilder>> steps = new ArrayList<>();
        steps.add(List.of(warmUpUsers(gateway)));
        steps.add(List.of(warmUpJit(gateway)));
        Phase previous = null;
        int step = 0;
        for (Phase phase : this.phases) {
            steps.add(List.of(probe("counters " + (step++), previous, phase)));
            steps.add(List.of(measure(phase, gateway)));
            previous = phase;
        }
        steps.add(List.of(probe("counters " + step, previous, null)));
        // Redis's counters are not read around these rounds: both routes share their window.
        int togetherConcurrency = Integer.parseInt(Settings.string("together.concurrency",
                String.valueOf(Math.max(1, highest / 2))));
        for (int round = 1; round <= this.togetherRounds; round++) {
            Phase baseline = new Phase(CapacityReport.BASELINE, togetherConcurrency, false, this.settle.toNanos(), round,
                    true);
            Phase token = new Phase(CapacityReport.TOKEN, togetherConcurrency, false, this.settle.toNanos(), round, true);
            this.phases.add(baseline);
            this.phases.add(token);
            steps.add(List.of(measure(token, gateway), measure(baseline, gateway)));
        }
        setUp(chain(steps)).protocols(http.disableWarmUp()
            .acceptHeader("application/json")
            .userAgentHeader("cometgate-load-tests")
            .shareConnections());
    }

    @Override
    public void before() {
        System.out.println("CapacitySimulation against " + this.target + "; counters: " + this.probe + "; "
                + this.users + " users, levels " + this.levels + " x " + this.levelDuration.toSeconds() + " s");
    }

    @Override
    public void after() {
        System.out.println("Warmed users: " + this.warmed.size() + " of " + this.users);
        new CapacityReport(this.phases).print(System.out);
    }

    private PopulationBuilder warmUpUsers(String gateway) {
        GatewayRequests requests = new GatewayRequests(new UpstreamCallMeter(Optional.empty()));
        return scenario("warm-up: users").feed(VirtualUsers.ids(VirtualUsers.runUniquePrefix("capacity")))
            .exec(IssuerTokens.fetchAccessToken(this.target.issuerTokenUrl()))
            .exec(requests.tokenRoute("warm-up: first login", gateway))
            .exec(this.warmed::add)
            .injectOpen(rampUsers(this.users).during(this.warmUp));
    }

    private PopulationBuilder warmUpJit(String gateway) {
        return scenario("warm-up: both routes").exec(this.warmed::pick)
            .exec(request("warm-up: " + CapacityReport.BASELINE, CapacityReport.BASELINE, gateway))
            .exec(request("warm-up: " + CapacityReport.TOKEN, CapacityReport.TOKEN, gateway))
            .injectClosed(constantConcurrentUsers(this.jitConcurrency).during(this.jitDuration));
    }

    private PopulationBuilder measure(Phase phase, String gateway) {
        return scenario(phase.name()).exec(this.warmed::pick)
            .exec(phase::start)
            .exec(request(phase.name(), phase.route, gateway))
            .exec(phase::end)
            .injectClosed(constantConcurrentUsers(phase.concurrency)
                .during(phase.overload ? this.overloadDuration : this.levelDuration));
    }

    private PopulationBuilder probe(String name, Phase previous, Phase next) {
        return scenario(name).exec((session) -> {
            this.probe.between(previous, next);
            return session;
        }).injectOpen(atOnceUsers(1));
    }

    /**
     * A POST with the user's JWT; the token route must answer this user's token. The check is a substring, not a JSON
     * parse, so that the load generator, on the same cores, spends about as much on either route.
     */
    private static ChainBuilder request(String name, String route, String gateway) {
        String bearer = "Bearer #{" + IssuerTokens.ACCESS_TOKEN + "}";
        if (route.equals(CapacityReport.BASELINE)) {
            return exec(http(name).post(gateway + "/baseline").header("Authorization", bearer).check(status().is(200)));
        }
        return exec(http(name).post(gateway + "/cometchat-token")
            .header("Authorization", bearer)
            .check(status().is(200), substring("\"uid\":\"#{" + VirtualUsers.USER_ID + "}\"")));
    }

    /**
     * Each step starts when the one before it has finished; the populations of one step start together, and the next
     * step follows the first of them (those of one step last equally long).
     */
    private static List<PopulationBuilder> chain(List<List<PopulationBuilder>> steps) {
        List<PopulationBuilder> next = null;
        for (int i = steps.size() - 1; i >= 0; i--) {
            List<PopulationBuilder> step = new ArrayList<>(steps.get(i));
            if (next != null) {
                step.set(0, step.get(0).andThen(next));
            }
            next = step;
        }
        return next;
    }

}
