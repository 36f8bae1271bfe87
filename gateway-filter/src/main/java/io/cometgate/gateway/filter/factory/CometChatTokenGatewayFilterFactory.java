package io.cometgate.gateway.filter.factory;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cometgate.gateway.audit.AuditLog;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.client.UpstreamCallCounter;
import io.cometgate.gateway.config.CometChatProperties;
import io.cometgate.gateway.token.MintedToken;
import io.cometgate.gateway.token.TokenMinter;
import io.cometgate.gateway.token.UserProfile;
import io.cometgate.gateway.uid.Caller;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.uid.UidPolicy;
import io.cometgate.gateway.web.ErrorCodes;
import io.cometgate.gateway.web.GatewayError;
import io.cometgate.gateway.web.GatewayErrorException;
import io.cometgate.gateway.web.GatewayErrorMapper;
import io.cometgate.gateway.web.JsonResponseWriter;

/**
 * Answers a route at the edge with a CometChat auth token for the authenticated caller; nothing is forwarded to the
 * route's URI. {@code POST} answers {@code 200 {"uid","authToken","appId","region"}}.
 * <p>
 * The UID comes only from the exchange's authenticated principal ({@link CallerResolver}), the token from CometChat
 * ({@link TokenMinter}, which creates the user on first login). Every setting is resolved once, when the route is
 * built; the filter itself is a plain {@link Mono} chain. Use it as {@code CometChatToken} in a route:
 *
 * <pre>
 * filters:
 *   - name: CometChatToken
 *     args:
 *       uidClaim: sub
 * </pre>
 */
public class CometChatTokenGatewayFilterFactory
        extends AbstractGatewayFilterFactory<CometChatTokenGatewayFilterFactory.Config> {

    static final String EVENT_MINT = "cometchat.token.mint";

    private final CometChatProperties properties;

    private final CometChatClient client;

    private final CallerResolver callerResolver;

    private final TokenMinter tokenMinter;

    private final JsonResponseWriter responseWriter;

    private final GatewayErrorMapper errorMapper;

    private final AuditLog auditLog;

    public CometChatTokenGatewayFilterFactory(CometChatProperties properties, CometChatClient client,
            CallerResolver callerResolver, TokenMinter tokenMinter, JsonResponseWriter responseWriter,
            GatewayErrorMapper errorMapper, AuditLog auditLog) {
        super(Config.class);
        Assert.notNull(properties, "properties cannot be null");
        Assert.notNull(client, "client cannot be null");
        Assert.notNull(callerResolver, "callerResolver cannot be null");
        Assert.notNull(tokenMinter, "tokenMinter cannot be null");
        Assert.notNull(responseWriter, "responseWriter cannot be null");
        Assert.notNull(errorMapper, "errorMapper cannot be null");
        Assert.notNull(auditLog, "auditLog cannot be null");
        this.properties = properties;
        this.client = client;
        this.callerResolver = callerResolver;
        this.tokenMinter = tokenMinter;
        this.responseWriter = responseWriter;
        this.errorMapper = errorMapper;
        this.auditLog = auditLog;
    }

    @Override
    public GatewayFilter apply(Config config) {
        CometChatApp app = RouteApp.resolve(this.properties, config.appId, config.region, config.restApiKey,
                config.baseUrl);
        CometChatClient routeClient = this.client.forApp(app);
        UidPolicy uidPolicy = UidPolicy.of(RouteApp.orDefault(config.uidClaim, this.properties.getUid().getClaim()),
                RouteApp.orDefault(config.uidPrefix, this.properties.getUid().getPrefix()));
        boolean provision = RouteApp.orDefault(config.provisionUsers, this.properties.getProvisioning().isEnabled());
        boolean includeAppInfo = RouteApp.orDefault(config.includeAppInfo,
                this.properties.getTokenResponse().isIncludeAppInfo());

        return (exchange, chain) -> {
            long start = System.nanoTime();
            UpstreamCallCounter upstreamCalls = new UpstreamCallCounter();
            RequestOutcome outcome = new RequestOutcome();
            Mono<Void> handled;
            if (exchange.getRequest().getMethod() != HttpMethod.POST) {
                exchange.getResponse().getHeaders().setAllow(Set.of(HttpMethod.POST));
                handled = Mono.error(new GatewayErrorException(new GatewayError(HttpStatus.METHOD_NOT_ALLOWED,
                        ErrorCodes.METHOD_NOT_ALLOWED, "Use POST to get a CometChat auth token.")));
            }
            else {
                handled = this.callerResolver.resolve(exchange, uidPolicy)
                    .doOnNext((caller) -> outcome.uid = caller.uid())
                    .flatMap((caller) -> mint(routeClient, caller, provision))
                    .flatMap((minted) -> {
                        outcome.outcome = minted.outcome().name();
                        return this.responseWriter.write(exchange, HttpStatus.OK,
                                TokenResponse.of(minted, app, includeAppInfo));
                    });
            }
            return handled
                .onErrorResume((failure) -> {
                    GatewayError error = this.errorMapper.toError(failure, app);
                    outcome.outcome = error.code();
                    return this.responseWriter.writeError(exchange, error);
                })
                .contextWrite(upstreamCalls::addTo)
                .doFinally((signal) -> this.auditLog.record(new AuditLog.AuditEntry(EVENT_MINT, routeId(exchange),
                        app.appId(), outcome.uid, outcome.outcome, statusOf(exchange),
                        Duration.ofNanos(System.nanoTime() - start), upstreamCalls.calls())));
        };
    }

    private Mono<MintedToken> mint(CometChatClient routeClient, Caller caller, boolean provision) {
        return this.tokenMinter.mint(routeClient, caller.uid(), UserProfile.from(caller.identity(), caller.uid()),
                provision);
    }

    private static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return (route != null) ? route.getId() : "-";
    }

    private static int statusOf(ServerWebExchange exchange) {
        return (exchange.getResponse().getStatusCode() != null) ? exchange.getResponse().getStatusCode().value() : 0;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of();
    }

    /** What the audit line says of one request; filled in as the chain runs. */
    private static final class RequestOutcome {

        volatile String uid = "-";

        volatile String outcome = "CANCELLED";

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

    /**
     * The route's arguments. Every one is optional; unset ({@code null}) means the global {@code cometchat.*}
     * property.
     */
    public static class Config {

        private String appId;

        private String region;

        private String restApiKey;

        private String baseUrl;

        private String uidClaim;

        private String uidPrefix;

        private Boolean provisionUsers;

        private Boolean includeAppInfo;

        public String getAppId() {
            return this.appId;
        }

        /** The CometChat app of this route. Defaults to {@code cometchat.app-id}. */
        public Config setAppId(String appId) {
            this.appId = appId;
            return this;
        }

        public String getRegion() {
            return this.region;
        }

        /** The region of this route's app. Defaults to {@code cometchat.region}. */
        public Config setRegion(String region) {
            this.region = region;
            return this;
        }

        public String getRestApiKey() {
            return this.restApiKey;
        }

        /** The REST API key of this route's app. Defaults to {@code cometchat.rest-api-key}. */
        public Config setRestApiKey(String restApiKey) {
            this.restApiKey = restApiKey;
            return this;
        }

        public String getBaseUrl() {
            return this.baseUrl;
        }

        /** The REST API base URL of this route's app. Defaults to {@code cometchat.base-url}. */
        public Config setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public String getUidClaim() {
            return this.uidClaim;
        }

        /** The claim the UID is derived from. Defaults to {@code cometchat.uid.claim}. */
        public Config setUidClaim(String uidClaim) {
            this.uidClaim = uidClaim;
            return this;
        }

        public String getUidPrefix() {
            return this.uidPrefix;
        }

        /** The UID prefix. Defaults to {@code cometchat.uid.prefix}. */
        public Config setUidPrefix(String uidPrefix) {
            this.uidPrefix = uidPrefix;
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

        @Override
        public String toString() {
            // Route definitions are shown by the gateway's actuator endpoints: never the key.
            return "Config[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                    + (this.restApiKey != null ? Secrets.mask(this.restApiKey) : null) + ", baseUrl=" + this.baseUrl
                    + ", uidClaim=" + this.uidClaim + ", uidPrefix=" + this.uidPrefix + "]";
        }

    }

}
