package io.cometgate.gateway.filter.factory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.internal.edge.EdgeAnswer;
import io.cometgate.gateway.internal.edge.EdgeRequestHandler;
import io.cometgate.gateway.internal.edge.EdgeRoute;
import io.cometgate.gateway.internal.token.MintedToken;
import io.cometgate.gateway.config.LogoutScope;
import io.cometgate.gateway.internal.token.TokenRevoker;
import io.cometgate.gateway.internal.token.TokenService;
import io.cometgate.gateway.internal.token.UserProfile;
import io.cometgate.gateway.uid.Caller;
import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;

/**
 * Answers a route at the edge with a CometChat auth token for the authenticated caller; nothing is forwarded to the
 * route's URI.
 * <ul>
 * <li>{@code POST}: {@code 200 {"uid","authToken","appId","region"}}, the cached token or a new one
 * ({@link TokenService}). {@code POST ?fresh=true}, for a client whose CometChat login failed with
 * {@code AUTH_ERR_AUTH_TOKEN_NOT_FOUND}: a new token, forced, replacing the cached one.</li>
 * <li>{@code DELETE}: logout: revokes the token at CometChat and evicts it ({@link TokenRevoker}); {@code 204}.</li>
 * </ul>
 * The UID comes only from the exchange's authenticated principal, and the per-user limit is taken before anything
 * else is done, for every method. Every setting is resolved once, when the route is built; the filter itself is a
 * plain {@link Mono} chain. Use it as {@code CometChatToken} in a route:
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

    static final String EVENT_LOGOUT = "cometchat.token.logout";

    private static final Set<HttpMethod> ALLOWED_METHODS = new LinkedHashSet<>(List.of(HttpMethod.POST, HttpMethod.DELETE));

    /** The query parameter that asks for a fresh token: {@code ?fresh=true}. */
    public static final String FRESH_PARAMETER = "fresh";

    private final RouteSettingsResolver routeResolver;

    private final EdgeRequestHandler handler;

    private final TokenService tokenService;

    private final TokenRevoker tokenRevoker;

    public CometChatTokenGatewayFilterFactory(RouteSettingsResolver routeResolver, EdgeRequestHandler handler,
            TokenService tokenService, TokenRevoker tokenRevoker) {
        super(Config.class);
        Assert.notNull(routeResolver, "routeResolver cannot be null");
        Assert.notNull(handler, "handler cannot be null");
        Assert.notNull(tokenService, "tokenService cannot be null");
        Assert.notNull(tokenRevoker, "tokenRevoker cannot be null");
        this.routeResolver = routeResolver;
        this.handler = handler;
        this.tokenService = tokenService;
        this.tokenRevoker = tokenRevoker;
    }

    @Override
    public GatewayFilter apply(Config config) {
        TokenRoute settings = this.routeResolver.tokenRoute(config);
        EdgeRoute route = settings.edge();
        boolean provision = settings.provisionUsers();
        boolean includeAppInfo = settings.includeAppInfo();
        LogoutScope logoutScope = settings.logoutRevokes();
        GatewayError methodNotAllowed = new GatewayError(HttpStatus.METHOD_NOT_ALLOWED, ErrorCodes.METHOD_NOT_ALLOWED,
                "Use POST to get a CometChat auth token, DELETE to log out.");

        return (exchange, chain) -> {
            HttpMethod method = exchange.getRequest().getMethod();
            if (method == HttpMethod.POST) {
                boolean fresh = "true".equalsIgnoreCase(exchange.getRequest().getQueryParams().getFirst(FRESH_PARAMETER));
                if (fresh) {
                    return this.handler.handle(exchange, route, EVENT_MINT,
                            (caller) -> answer(route, includeAppInfo, this.tokenService.freshToken(route.client(),
                                    caller.uid(), profile(caller), provision)));
                }
                // The cache read goes out with the per-user limit decision: a cached request then waits for the
                // limit's round trips only, not for a read after them.
                return this.handler.handle(exchange, route, EVENT_MINT,
                        (caller) -> this.tokenService.cached(route.app(), caller.uid()),
                        (caller, cached) -> answer(route, includeAppInfo, this.tokenService.token(route.client(),
                                caller.uid(), profile(caller), provision, cached)));
            }
            if (method == HttpMethod.DELETE) {
                return this.handler.handle(exchange, route, EVENT_LOGOUT,
                        (caller) -> this.tokenRevoker.logout(route.client(), caller.uid(), logoutScope)
                            .map((outcome) -> new EdgeAnswer(HttpStatus.NO_CONTENT, null, outcome)));
            }
            exchange.getResponse().getHeaders().setAllow(ALLOWED_METHODS);
            return this.handler.reject(exchange, route, EVENT_MINT, methodNotAllowed);
        };
    }

    private static Mono<EdgeAnswer> answer(EdgeRoute route, boolean includeAppInfo, Mono<MintedToken> token) {
        return token.map((minted) -> new EdgeAnswer(HttpStatus.OK, TokenResponse.of(minted, route.app(), includeAppInfo),
                minted.outcome().name()));
    }

    // Claims are read only if the user has to be created: a cache hit never parses them.
    private static Supplier<UserProfile> profile(Caller caller) {
        return () -> UserProfile.from(caller.identity(), caller.uid());
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
    public static class Config extends CometGateRouteConfig<Config> {

        private Boolean provisionUsers;

        private Boolean includeAppInfo;

        private LogoutScope logoutRevokes;

        public LogoutScope getLogoutRevokes() {
            return this.logoutRevokes;
        }

        /** What a logout revokes: cached-token or all-tokens. Defaults to {@code cometchat.logout.revoke}. */
        public Config setLogoutRevokes(LogoutScope logoutRevokes) {
            this.logoutRevokes = logoutRevokes;
            return this;
        }

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
