package io.cometgate.loadtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;

import io.cometgate.loadtests.support.GatewayRequests;
import io.cometgate.loadtests.support.GatewaySimulation;
import io.cometgate.loadtests.support.IssuerTokens;
import io.cometgate.loadtests.support.Load;
import io.cometgate.loadtests.support.Scenarios;
import io.cometgate.loadtests.support.Settings;
import io.cometgate.loadtests.support.Target;
import io.cometgate.loadtests.support.Thresholds;
import io.cometgate.loadtests.support.VirtualUsers;

import static io.cometgate.loadtests.support.GatewayRequests.FIRST_LOGIN;
import static io.cometgate.loadtests.support.GatewayRequests.TOKEN_ROUTE;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * One user hammering the token route while the others use it normally: the per-user rate limit must answer the
 * abuser 429 (with {@code Retry-After}) and leave everybody else untouched.
 * <p>
 * Pass criteria: the abuser only ever gets 200 or 429, and is limited (429) right after its burst; the normal users
 * get no error at all and meet the response-time limits. {@code abuse.rate} must be above the per-user limit the
 * gateway is configured with. Until the gateway has a per-user rate limit this simulation fails, by design: the
 * abuser is never limited.
 * <p>
 * Defaults: normal users {@code users=20} at {@code rate=2} requests/s together (one per user every 10 s, under the
 * default per-user limit of 10 a minute), the abuser at {@code abuse.rate=20} requests/s, for {@code duration=30} s,
 * {@code ramp=5} s; p95 {@code <= 250} ms, p99 {@code <= 500} ms for the normal users.
 */
public class AbuseSimulation extends GatewaySimulation {

    static final String ABUSER = "token route: abuser";

    static final String ABUSER_AFTER_BURST = "token route: abuser after its burst";

    private final Load normalLoad = Load.fromSystemProperties(20, 30, 2, 5);

    private final double abuseRate = Settings.positiveDouble("abuse.rate", 20);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0, 250, 500).withoutFailures();

    private final LongAdder abuserRequests = new LongAdder();

    private final LongAdder abuserLimited = new LongAdder();

    public AbuseSimulation() {
        super(Target.gatewayFromSystemProperties());
        String gateway = this.target.gatewayUrl();
        PopulationBuilder normalUsers = Scenarios.signedInLoop("abuse: normal users",
                VirtualUsers.runUniquePrefix("normal"), this.target.issuerTokenUrl(),
                this.requests.tokenRoute(FIRST_LOGIN, gateway), this.requests.tokenRoute(TOKEN_ROUTE, gateway),
                this.normalLoad);
        setUp(normalUsers, abuser(gateway)).protocols(httpProtocol()).assertions(passCriteria());
    }

    /**
     * One virtual user at {@code abuse.rate}, counting its 429s. Its id is new each run: the limiter's state from an
     * earlier run must not decide this one.
     */
    private PopulationBuilder abuser(String gateway) {
        Duration pace = Duration.ofNanos(Math.round(1_000_000_000L / this.abuseRate));
        return scenario("abuse: abuser").feed(VirtualUsers.ids(VirtualUsers.runUniquePrefix("abuser")))
            .exec(IssuerTokens.fetchAccessToken(this.target.issuerTokenUrl()))
            .exec(this.requests.tokenRoute(FIRST_LOGIN, gateway))
            .during(this.normalLoad.duration())
            .on(pace(pace).exec(this.requests.tokenRouteMaybeLimited(ABUSER, gateway)).exec((session) -> {
                this.abuserRequests.increment();
                if (session.contains(GatewayRequests.STATUS) && session.getInt(GatewayRequests.STATUS) == 429) {
                    this.abuserLimited.increment();
                }
                return session.remove(GatewayRequests.STATUS);
            }))
            .exec(this.requests.tokenRouteLimited(ABUSER_AFTER_BURST, gateway))
            .injectOpen(atOnceUsers(1));
    }

    private List<Assertion> passCriteria() {
        List<Assertion> assertions = new ArrayList<>(assertions(this.thresholds, FIRST_LOGIN, TOKEN_ROUTE));
        assertions.add(details(ABUSER).failedRequests().count().is(0L));
        assertions.add(details(ABUSER_AFTER_BURST).successfulRequests().percent().is(100.0));
        return assertions;
    }

    @Override
    public void after() {
        super.after();
        System.out.printf("Abuser: %d of %d requests limited (429) at %s requests/s%n", this.abuserLimited.sum(),
                this.abuserRequests.sum(), this.abuseRate);
    }

}
