package io.cometgate.gateway.filter.factory;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.config.CometChatProperties;
import io.cometgate.gateway.edge.EdgeAnswer;
import io.cometgate.gateway.edge.EdgeRequestHandler;
import io.cometgate.gateway.edge.EdgeRoute;
import io.cometgate.gateway.edge.EdgeRouteResolver;
import io.cometgate.gateway.token.MintedToken;
import io.cometgate.gateway.token.TokenMinter;
import io.cometgate.gateway.token.UserProfile;
import io.cometgate.gateway.uid.Caller;
import io.cometgate.gateway.web.ErrorCodes;
import io.cometgate.gateway.web.GatewayError;

/**
 * Answers a route at the edge with a CometChat auth token for the authenticated caller; nothing is forwarded to the
 * route's URI. {@code POST} answers {@code 200 {"uid","authToken","appId","region"}}.
 * <p>
 * The UID comes only from the exchange's authenticated principal, the per-user limit is taken before anything else
 * is done, and the token comes from CometChat ({@link TokenMinter}, which creates the user on first login). Every
 * setting is resolved once, when the route is built; the filter itself is a plain {@link Mono} chain. Use it as
 * {@code CometChatToken} in a route:
 *
 * <pre>
 * filters:
 *   - name: CometChatToken
 *     args:
 *       uidClaim: sub
 *       perUserLimits: 10/1m, 60/1h
 * </pre>
 */
public class CometChatTokenGatewayFilterFactory
        extends AbstractGatewayFilterFactory<CometChatTokenGatewayFilterFactory.Config> {

    static final String EVENT_MINT = "cometchat.token.mint";

    private final CometChatProperties properties;

    private final EdgeRouteResolver routeResolver;

    private final EdgeRequestHandler handler;

    private final TokenMinter tokenMinter;

    public CometChatTokenGatewayFilterFactory(CometChatProperties properties, EdgeRouteResolver routeResolver,
            EdgeRequestHandler handler, TokenMinter tokenMinter) {
        super(Config.class);
        Assert.notNull(properties, "properties cannot be null");
        Assert.notNull(routeResolver, "routeResolver cannot be null");
        Assert.notNull(handler, "handler cannot be null");
        Assert.notNull(tokenMinter, "tokenMinter cannot be null");
        this.properties = properties;
        this.routeResolver = routeResolver;
        this.handler = handler;
        this.tokenMinter = tokenMinter;
    }

    @Override
    public GatewayFilter apply(Config config) {
        EdgeRoute route = this.routeResolver.resolve(config.toArguments());
        boolean provision = EdgeRouteResolver.orDefault(config.provisionUsers,
                this.properties.getProvisioning().isEnabled());
        boolean includeAppInfo = EdgeRouteResolver.orDefault(config.includeAppInfo,
                this.properties.getTokenResponse().isIncludeAppInfo());
        GatewayError methodNotAllowed = new GatewayError(HttpStatus.METHOD_NOT_ALLOWED, ErrorCodes.METHOD_NOT_ALLOWED,
                "Use POST to get a CometChat auth token.");

        return (exchange, chain) -> {
            if (exchange.getRequest().getMethod() != HttpMethod.POST) {
                exchange.getResponse().getHeaders().setAllow(Set.of(HttpMethod.POST));
                return this.handler.reject(exchange, route, EVENT_MINT, methodNotAllowed);
            }
            return this.handler.handle(exchange, route, EVENT_MINT,
                    (caller) -> mint(route, caller, provision)
                        .map((minted) -> new EdgeAnswer(HttpStatus.OK,
                                TokenResponse.of(minted, route.app(), includeAppInfo), minted.outcome().name())));
        };
    }

    private Mono<MintedToken> mint(EdgeRoute route, Caller caller, boolean provision) {
        return this.tokenMinter.mint(route.client(), caller.uid(), UserProfile.from(caller.identity(), caller.uid()),
                provision);
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of();
    }

    /** The token route's answer. {@code appId} and {@code region} are left out when not configured to be sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(String uid, String authToken, String appId, String region) {

        static TokenResponse of(MintedToken minted, CometChatApp app, boolean includeAppInfo) {
            return new TokenResponse(minted.token().uid(), minted.token().authToken(),
                    includeAppInfo ? app.appId() : null, includeAppInfo ? app.region() : null);
        }

        @Override
        public String toString() {
            return "TokenResponse[uid=" + this.uid + ", authToken=" + Secrets.mask(this.authToken) + "]";
        }

    }

    /** The token route's arguments: the common ones, and what the token answer contains. */
    public static class Config extends CometGateRouteConfig {

        private Boolean provisionUsers;

        private Boolean includeAppInfo;

        public Boolean getProvisionUsers() {
            return this.provisionUsers;
        }

        /** Whether to create users on first login. Defaults to {@code cometchat.provisioning.enabled}. */
        public Config setProvisionUsers(Boolean provisionUsers) {
            this.provisionUsers = provisionUsers;
            return this;
        }

        public Boolean getIncludeAppInfo() {
            return this.includeAppInfo;
        }

        /** Whether to send appId and region. Defaults to {@code cometchat.token-response.include-app-info}. */
        public Config setIncludeAppInfo(Boolean includeAppInfo) {
            this.includeAppInfo = includeAppInfo;
            return this;
        }

    }

}
