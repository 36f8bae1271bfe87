package io.cometgate.loadtests;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Scenarios;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.Thresholds;

import static io.cometgate.loadtests.support.GatewayRequests.BASELINE;
import static io.cometgate.loadtests.support.GatewayRequests.BASELINE_FIRST;

/**
 * The baseline route alone: what the gateway itself costs (JWT validation, routing, an empty answer) with no token
 * work beside it, in the shape of {@link SteadyStateSimulation}. The other simulations carry their own baseline
 * population; this one gives the figure with nothing else on the gateway, and can be pushed harder than the token
 * route, which per-user limits hold back.
 * <p>
 * Defaults: {@code users=100}, {@code rate=10} requests/s, {@code duration=30} s, {@code ramp=5} s; pass if errors
 * {@code <= 0.1} %, p95 {@code <= 250} ms, p99 {@code <= 500} ms.
 */
public class BaselineSimulation extends GatewaySimulation {

    private final Load load = Load.fromSystemProperties(100, 30, 10, 5);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0.1, 250, 500);

    public BaselineSimulation() {
        super(Target.gatewayFromSystemProperties());
        String gateway = this.target.gatewayUrl();
        setUp(Scenarios.signedInLoop("baseline", "baseline", this.target.issuerTokenUrl(),
                GatewayRequests.baseline(BASELINE_FIRST, gateway), GatewayRequests.baseline(BASELINE, gateway),
                this.load))
            .protocols(httpProtocol())
            .assertions(assertions(this.thresholds, BASELINE_FIRST, BASELINE));
    }

}
