package io.cometgate.loadtests.support;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;

import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/** The shapes of traffic the simulations combine. */
public final class Scenarios {

    private Scenarios() {
    }

    /**
     * {@code load.users()} virtual users arrive over the ramp; each gets its JWT once, sends {@code first} (reported
     * apart: a first request does work the following ones do not), then sends {@code repeated} at the load's pace for
     * its duration: the users together send {@code load.rate()} requests per second.
     */
    public static PopulationBuilder signedInLoop(String name, String userPrefix, String issuerTokenUrl,
            ChainBuilder first, ChainBuilder repeated, Load load) {
        return scenario(name).feed(VirtualUsers.ids(userPrefix))
            .exec(IssuerTokens.fetchAccessToken(issuerTokenUrl))
            .exec(first)
            .during(load.duration())
            .on(pace(load.pace()).exec(repeated))
            .injectOpen(rampUsers(load.users()).during(load.ramp()));
    }

    /**
     * {@code users} virtual users arrive evenly over {@code load.duration()}; each gets its JWT and sends
     * {@code request} once, like users opening the app for the first time.
     */
    public static PopulationBuilder signInOnce(String name, String userPrefix, String issuerTokenUrl,
            ChainBuilder request, Load load) {
        return scenario(name).feed(VirtualUsers.ids(userPrefix))
            .exec(IssuerTokens.fetchAccessToken(issuerTokenUrl))
            .exec(request)
            .injectOpen(rampUsers(load.users()).during(load.duration()));
    }

}
