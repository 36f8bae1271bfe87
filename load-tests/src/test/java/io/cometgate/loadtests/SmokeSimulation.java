package io.cometgate.loadtests;

import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.Assertion;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Scenarios;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.Thresholds;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.cometgate.loadtests.support.GatewayRequests.BASELINE;
import static io.cometgate.loadtests.support.GatewayRequests.BASELINE_FIRST;
import static io.cometgate.loadtests.support.GatewayRequests.FIRST_LOGIN;
import static io.cometgate.loadtests.support.GatewayRequests.TOKEN_ROUTE;

/**
 * The CI check that the load tests and the gateway still fit together: a handful of users, first login, cached
 * tokens and the baseline, no failure allowed. {@code mvn verify} runs it against a demo gateway the build starts
 * itself (see the module's pom). It checks correctness under light concurrency, it does not measure: the
 * response-time limits only catch a gateway that crawls, and each user stays well under the default per-user limit
 * (10 a minute).
 * <p>
 * Defaults: {@code users=10}, {@code rate=5} requests/s per route (one per user every 2 s), {@code duration=10} s,
 * {@code ramp=2} s; pass if no request fails and, for the repeated requests, p95 {@code <= 5000} ms and
 * p99 {@code <= 8000} ms.
 */
public class SmokeSimulation extends GatewaySimulation {

    private final Load load = Load.fromSystemProperties(10, 10, 5, 2);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0, 5000, 8000);

    public SmokeSimulation() {
        super(Target.gatewayFromSystemProperties());
        String gateway = this.target.gatewayUrl();
        String issuer = this.target.issuerTokenUrl();
        setUp(Scenarios.signedInLoop("smoke: token route", VirtualUsers.runUniquePrefix("smoke"), issuer,
                this.requests.tokenRoute(FIRST_LOGIN, gateway), this.requests.tokenRoute(TOKEN_ROUTE, gateway),
                this.load),
                Scenarios.signedInLoop("smoke: baseline", "baseline", issuer,
                        GatewayRequests.baseline(BASELINE_FIRST, gateway), GatewayRequests.baseline(BASELINE, gateway),
                        this.load))
            .protocols(httpProtocol())
            .assertions(passCriteria());
    }

    /**
     * Response-time limits on the repeated requests only: a user's first requests on a just-started gateway wait for
     * class loading, JIT and connections, which a busy CI machine can stretch to seconds. They must not fail, though,
     * and the request timeout bounds them.
     */
    private List<Assertion> passCriteria() {
        List<Assertion> assertions = new ArrayList<>(assertions(this.thresholds, TOKEN_ROUTE, BASELINE));
        assertions.addAll(noFailures(FIRST_LOGIN, BASELINE_FIRST));
        return assertions;
    }

}
