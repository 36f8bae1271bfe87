package io.cometgate.loadtests;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Scenarios;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.Thresholds;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.cometgate.loadtests.support.GatewayRequests.BASELINE_FIRST;
import static io.cometgate.loadtests.support.GatewayRequests.FIRST_LOGIN;

/**
 * A burst of first logins (a launch, a marketing e-mail, the morning peak): {@code users} users the gateway has never
 * seen arrive evenly over {@code duration} seconds, and each asks for its token once, so the gateway provisions every
 * one of them in CometChat (a create-user and a mint call each). The ids are unique to the run, so the users are new
 * however often it is repeated. The same arrivals go to {@code /baseline} in the same run.
 * <p>
 * Every CometChat call draws on the gateway's upstream budget (default {@code 2000/1m}): a storm that needs more
 * gets 503 for the rest, by design, and fails here. Size {@code users} against the budget, or raise it.
 * <p>
 * Defaults: {@code users=200} over {@code duration=10} s (20 first logins/s); pass if errors {@code <= 0.1} %,
 * p95 {@code <= 500} ms, p99 {@code <= 1000} ms.
 */
public class LoginStormSimulation extends GatewaySimulation {

    private final Load load = Load.arrivalsFromSystemProperties(200, 10);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0.1, 500, 1000);

    public LoginStormSimulation() {
        super(Target.gatewayFromSystemProperties());
        String gateway = this.target.gatewayUrl();
        String issuer = this.target.issuerTokenUrl();
        setUp(Scenarios.signInOnce("login storm: first login", VirtualUsers.runUniquePrefix("storm"), issuer,
                this.requests.tokenRoute(FIRST_LOGIN, gateway), this.load),
                Scenarios.signInOnce("login storm: baseline", "baseline", issuer,
                        GatewayRequests.baseline(BASELINE_FIRST, gateway), this.load))
            .protocols(httpProtocol())
            .assertions(assertions(this.thresholds, FIRST_LOGIN, BASELINE_FIRST));
    }

}
