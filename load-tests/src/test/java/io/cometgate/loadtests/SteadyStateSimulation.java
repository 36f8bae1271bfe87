package io.cometgate.loadtests;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Scenarios;
import io.cometgate.loadtests.support.Settings;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.Thresholds;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.cometgate.loadtests.support.GatewayRequests.BASELINE;
import static io.cometgate.loadtests.support.GatewayRequests.BASELINE_FIRST;
import static io.cometgate.loadtests.support.GatewayRequests.FIRST_LOGIN;
import static io.cometgate.loadtests.support.GatewayRequests.TOKEN_ROUTE;

/**
 * Many signed-in users asking for their CometChat token again and again, as a frontend does on each page load: after
 * a user's first login ({@code token route: first login}), its requests ({@code token route}) are answered from the
 * token cache. A baseline population sends the same requests to {@code /baseline} in the same run, so that each figure
 * is a ratio against it.
 * <p>
 * Each user sends one request every {@code users / rate} seconds: keep that under the gateway's per-user limit
 * (default {@code 10/1m, 60/1h}), or the run measures refusals (429) instead of tokens. User ids are new each run
 * ({@code user.prefix}, default {@code steady-<run>}), so that limits used up by an earlier run do not count.
 * <p>
 * Defaults: {@code users=100}, {@code rate=10} token requests/s (one per user every 10 s; as many to the baseline),
 * {@code duration=30} s, {@code ramp=5} s; pass if errors {@code <= 0.1} %, p95 {@code <= 250} ms,
 * p99 {@code <= 500} ms.
 */
public class SteadyStateSimulation extends GatewaySimulation {

    private final Load load = Load.fromSystemProperties(100, 30, 10, 5);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0.1, 250, 500);

    public SteadyStateSimulation() {
        super(Target.gatewayFromSystemProperties());
        String gateway = this.target.gatewayUrl();
        String issuer = this.target.issuerTokenUrl();
        String users = Settings.string("user.prefix", VirtualUsers.runUniquePrefix("steady"));
        setUp(Scenarios.signedInLoop("steady state: token route", users, issuer,
                this.requests.tokenRoute(FIRST_LOGIN, gateway), this.requests.tokenRoute(TOKEN_ROUTE, gateway),
                this.load),
                Scenarios.signedInLoop("steady state: baseline", "baseline", issuer,
                        GatewayRequests.baseline(BASELINE_FIRST, gateway), GatewayRequests.baseline(BASELINE, gateway),
                        this.load))
            .protocols(httpProtocol())
            .assertions(assertions(this.thresholds, FIRST_LOGIN, TOKEN_ROUTE, BASELINE_FIRST, BASELINE));
    }

}
