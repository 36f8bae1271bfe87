package io.cometgate.loadtests.support;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The gateway requests of the simulations, each with the checks that define success, all carrying the virtual
 * user's JWT. Every token-route request is counted for {@link UpstreamCallMeter}.
 */
public final class GatewayRequests {

    /** Report name of a user's first token request: the gateway provisions the user if new, mints and caches. */
    public static final String FIRST_LOGIN = "token route: first login";

    /** Report name of the following token requests of a user: answered from the token cache. */
    public static final String TOKEN_ROUTE = "token route";

    /** Report name of a user's first baseline request, the counterpart of {@link #FIRST_LOGIN}. */
    public static final String BASELINE_FIRST = "baseline: first request";

    /** Report name of the baseline route: the same JWT validation and routing, answered 200 at the edge. */
    public static final String BASELINE = "baseline";

    /** Session attribute where {@link #tokenRouteMaybeLimited} saves the status it got. */
    public static final String STATUS = "status";

    private static final String BEARER = "Bearer #{" + IssuerTokens.ACCESS_TOKEN + "}";

    private final UpstreamCallMeter upstream;

    public GatewayRequests(UpstreamCallMeter upstream) {
        this.upstream = upstream;
    }

    /** A CometChat token for this very user: 200 with {@code uid} equal to the JWT's subject and an auth token. */
    public ChainBuilder tokenRoute(String requestName, String gatewayUrl) {
        return counted(tokenPost(requestName, gatewayUrl).check(status().is(200),
                jsonPath("$.uid").isEL("#{" + VirtualUsers.USER_ID + "}"), jsonPath("$.authToken").exists()));
    }

    /**
     * The token route for a user that may be over its rate limit: 200, or 429 with a {@code Retry-After} telling the
     * client when to come back. The status is saved as {@link #STATUS} for the caller to count.
     */
    public ChainBuilder tokenRouteMaybeLimited(String requestName, String gatewayUrl) {
        return counted(tokenPost(requestName, gatewayUrl).check(status().in(200, 429).saveAs(STATUS))
            .checkIf((response, session) -> response.status().code() == 429)
            .then(header("Retry-After").exists()));
    }

    /** The token route for a user that must be over its rate limit: 429 with {@code Retry-After}. */
    public ChainBuilder tokenRouteLimited(String requestName, String gatewayUrl) {
        return counted(tokenPost(requestName, gatewayUrl).check(status().is(429), header("Retry-After").exists()));
    }

    /** The baseline route; POST like the token route, so that the two differ only by the work behind the route. */
    public static ChainBuilder baseline(String requestName, String gatewayUrl) {
        return exec(http(requestName).post(gatewayUrl + "/baseline")
            .header("Authorization", BEARER)
            .check(status().is(200)));
    }

    private static HttpRequestActionBuilder tokenPost(String requestName, String gatewayUrl) {
        return http(requestName).post(gatewayUrl + "/cometchat-token").header("Authorization", BEARER);
    }

    private ChainBuilder counted(HttpRequestActionBuilder request) {
        return exec(this.upstream.countTokenRequest()).exec(request);
    }

}
