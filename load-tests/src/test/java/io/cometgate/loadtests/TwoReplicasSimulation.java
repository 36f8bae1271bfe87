package io.cometgate.loadtests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;

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
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;

/**
 * {@link SteadyStateSimulation} spread over several gateway replicas ({@code base.urls}), each user's requests
 * round-robin over them, so that consecutive requests of one user land on different replicas: what one replica caches or counts for a user
 * (token cache, rate limit, upstream budget) must hold on the others, through the shared Redis; the upstream calls
 * per 1,000 token requests show whether it does. Each replica's requests are reported under their own name
 * ({@code token route [replica 1]}, …) so that a broken replica shows.
 * <p>
 * Defaults: {@code base.urls=http://localhost:8082,http://localhost:8083} (the two replicas of docker-compose.yml),
 * {@code users=100}, {@code rate=10} token requests/s over all replicas (one per user every 10 s; as many to the
 * baseline), {@code duration=30} s, {@code ramp=5} s, user ids {@code user.prefix=replicas-<run>}; pass if errors
 * {@code <= 0.1} %, p95 {@code <= 250} ms, p99 {@code <= 500} ms on each replica.
 */
public class TwoReplicasSimulation extends GatewaySimulation {

    private final Load load = Load.fromSystemProperties(100, 30, 10, 5);

    private final Thresholds thresholds = Thresholds.fromSystemProperties(0.1, 250, 500);

    private static final String NEXT_REPLICA = "nextReplica";

    private final List<String> requestNames = new ArrayList<>();

    public TwoReplicasSimulation() {
        super(Target.replicasFromSystemProperties());
        String issuer = this.target.issuerTokenUrl();
        String users = Settings.string("user.prefix", VirtualUsers.runUniquePrefix("replicas"));
        setUp(Scenarios.signedInLoop("replicas: token route", users, issuer,
                acrossReplicas(FIRST_LOGIN, this.requests::tokenRoute),
                acrossReplicas(TOKEN_ROUTE, this.requests::tokenRoute), this.load),
                Scenarios.signedInLoop("replicas: baseline", "baseline", issuer,
                        acrossReplicas(BASELINE_FIRST, GatewayRequests::baseline),
                        acrossReplicas(BASELINE, GatewayRequests::baseline), this.load))
            .protocols(httpProtocol())
            .assertions(assertions(this.thresholds, this.requestNames.toArray(String[]::new)));
    }

    /**
     * {@code request} to the user's next replica, named after the replica. The turn is kept per virtual user (a
     * global round-robin would interleave users and send most of one user's requests to the same replica), and
     * users start on different replicas.
     */
    private ChainBuilder acrossReplicas(String name, BiFunction<String, String, ChainBuilder> request) {
        List<Choice.WithKey> perReplica = new ArrayList<>();
        List<String> urls = this.target.gatewayUrls();
        for (int i = 0; i < urls.size(); i++) {
            String requestName = name + " [replica " + (i + 1) + "]";
            this.requestNames.add(requestName);
            perReplica.add(onCase(i).then(request.apply(requestName, urls.get(i))));
        }
        int replicas = urls.size();
        return exec((session) -> session.set(NEXT_REPLICA,
                (session.contains(NEXT_REPLICA) ? session.getInt(NEXT_REPLICA) + 1 : (int) session.userId())
                        % replicas))
            .doSwitch("#{" + NEXT_REPLICA + "}").on(perReplica);
    }

}
