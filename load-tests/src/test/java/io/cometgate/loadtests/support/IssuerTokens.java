package io.cometgate.loadtests.support;

import io.gatling.javaapi.core.ChainBuilder;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * JWTs for virtual users from the development issuer (mock-oauth2-server): a client-credentials grant whose
 * {@code client_id} becomes the token's subject. Run it once at the start of a virtual user's scenario, never per
 * request: a real frontend holds its access token for its lifetime, and issuer latency must not blur the gateway's.
 */
public final class IssuerTokens {

    /** Request name of the grant in the report, kept apart from the gateway's requests. */
    public static final String REQUEST_NAME = "issuer: token";

    /** Session attribute holding the virtual user's access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private IssuerTokens() {
    }

    /** Gets a JWT for the session's {@link VirtualUsers#USER_ID}; a virtual user that gets none stops there. */
    public static ChainBuilder fetchAccessToken(String tokenUrl) {
        return exec(http(REQUEST_NAME).post(tokenUrl)
            .formParam("grant_type", "client_credentials")
            .formParam("client_id", "#{" + VirtualUsers.USER_ID + "}")
            // The development issuer accepts any secret; "dev" is what the README's curl line sends.
            .formParam("client_secret", "dev")
            .formParam("scope", "openid")
            .check(status().is(200), jsonPath("$.access_token").saveAs(ACCESS_TOKEN)))
            .exitHereIfFailed();
    }

}
