package io.cometgate.loadtests.support;

import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Base of the CometGate simulations: the target, the token and baseline requests, and the upstream call count read
 * before and printed after the run.
 */
public abstract class GatewaySimulation extends Simulation {

    protected final Target target;

    protected final UpstreamCallMeter upstream;

    protected final GatewayRequests requests;

    protected GatewaySimulation(Target target) {
        this.target = target;
        this.upstream = new UpstreamCallMeter(target.emulatorUrl());
        this.requests = new GatewayRequests(this.upstream);
    }

    @Override
    public void before() {
        System.out.println(getClass().getSimpleName() + " against " + this.target);
        this.upstream.start();
    }

    @Override
    public void after() {
        this.upstream.report(System.out);
    }

    /**
     * The protocol of every simulation. No warm-up request: Gatling's default one goes to gatling.io, and a load
     * run must send traffic to its target only. URLs are absolute (see {@link Target}), so there is no base URL.
     */
    protected static HttpProtocolBuilder httpProtocol() {
        return http.disableWarmUp().acceptHeader("application/json").userAgentHeader("cometgate-load-tests");
    }

    /** Every virtual user got its JWT: a failing issuer would otherwise just show as fewer requests. */
    protected static Assertion everyUserSignedIn() {
        return details(IssuerTokens.REQUEST_NAME).failedRequests().count().is(0L);
    }

    /** Not a single failure of any of these requests, whatever their response times. */
    protected static List<Assertion> noFailures(String... requestNames) {
        List<Assertion> assertions = new ArrayList<>();
        for (String requestName : requestNames) {
            assertions.add(details(requestName).failedRequests().count().is(0L));
        }
        return assertions;
    }

    /** {@code thresholds} applied to each request name, plus {@link #everyUserSignedIn()}. */
    protected static List<Assertion> assertions(Thresholds thresholds, String... requestNames) {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(everyUserSignedIn());
        for (String requestName : requestNames) {
            assertions.addAll(thresholds.of(requestName));
        }
        return assertions;
    }

}
