package io.cometgate.gateway.filter.factory;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatUser;
import io.cometgate.gateway.internal.edge.EdgeAnswer;
import io.cometgate.gateway.internal.edge.EdgeRequestHandler;
import io.cometgate.gateway.internal.edge.EdgeRoute;
import io.cometgate.gateway.internal.token.UserProfile;
import io.cometgate.gateway.internal.user.UserLifecycle;
import io.cometgate.gateway.internal.user.UserOutcome;
import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;

/**
 * Answers a route at the edge with the authenticated caller's own CometChat user; nothing is forwarded to the
 * route's URI. There is no way to name another user: the UID comes only from the exchange's principal, as on the
 * token route.
 * <ul>
 * <li>{@code PUT}: makes the user's profile (name, avatar) the one of the caller's claims, creating the user if
 * missing; {@code 200} with the user.</li>
 * <li>{@code GET}: {@code 200} with the user, {@code 404 USER_NOT_FOUND} when there is none.</li>
 * <li>{@code DELETE}: erases the user for good (privacy-law erasure), its tokens included; {@code 204}, also when
 * it was already gone.</li>
 * </ul>
 * The answer is {@code {"uid","name","avatar","role","status","createdAt","updatedAt"}}, never a token. The logic
 * lives in {@link UserLifecycle}; the per-user limit, JSON errors and the audit line in {@link EdgeRequestHandler}.
 * Use it as {@code CometChatUser} in a route:
 *
 * <pre>
 * filters:
 *   - name: CometChatUser
 *     args:
 *       uidClaim: sub
 * </pre>
 */
public class CometChatUserGatewayFilterFactory
        extends AbstractGatewayFilterFactory<CometChatUserGatewayFilterFactory.Config> {

    static final String EVENT_SYNC = "cometchat.user.sync";

    static final String EVENT_READ = "cometchat.user.read";

    static final String EVENT_DELETE = "cometchat.user.delete";

    /** A method the route does not answer; no caller is resolved and CometChat is not called. */
    static final String EVENT_REJECTED = "cometchat.user.rejected";

    /** In this order in {@code Allow}: a set that keeps it. */
    private static final Set<HttpMethod> ALLOWED = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)));

    private final RouteSettingsResolver routeResolver;

    private final EdgeRequestHandler handler;

    private final UserLifecycle users;

    public CometChatUserGatewayFilterFactory(RouteSettingsResolver routeResolver, EdgeRequestHandler handler,
            UserLifecycle users) {
        super(Config.class);
        Assert.notNull(routeResolver, "routeResolver cannot be null");
        Assert.notNull(handler, "handler cannot be null");
        Assert.notNull(users, "users cannot be null");
        this.routeResolver = routeResolver;
        this.handler = handler;
        this.users = users;
    }

    @Override
    public GatewayFilter apply(Config config) {
        EdgeRoute route = this.routeResolver.route(config);
        GatewayError methodNotAllowed = new GatewayError(HttpStatus.METHOD_NOT_ALLOWED, ErrorCodes.METHOD_NOT_ALLOWED,
                "Use GET to read your CometChat user, PUT to sync it from your profile, DELETE to erase it.");

        return (exchange, chain) -> {
            HttpMethod method = exchange.getRequest().getMethod();
            if (method == HttpMethod.PUT) {
                return this.handler.handle(exchange, route, EVENT_SYNC,
                        (caller) -> this.users.sync(route.client(), caller.uid(),
                                UserProfile.from(caller.identity(), caller.uid()))
                            .map((synced) -> ok(synced.user(), synced.outcome())));
            }
            if (method == HttpMethod.GET) {
                return this.handler.handle(exchange, route, EVENT_READ,
                        (caller) -> this.users.read(route.client(), caller.uid())
                            .map((user) -> ok(user, UserOutcome.FOUND)));
            }
            if (method == HttpMethod.DELETE) {
                return this.handler.handle(exchange, route, EVENT_DELETE,
                        (caller) -> this.users.erase(route.client(), caller.uid())
                            .map((outcome) -> new EdgeAnswer(HttpStatus.NO_CONTENT, null, outcome.name())));
            }
            exchange.getResponse().getHeaders().setAllow(ALLOWED);
            return this.handler.reject(exchange, route, EVENT_REJECTED, methodNotAllowed);
        };
    }

    private static EdgeAnswer ok(CometChatUser user, UserOutcome outcome) {
        return new EdgeAnswer(HttpStatus.OK, UserResponse.of(user), outcome.name());
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of();
    }

    /**
     * The user route's answer: the profile, never a token (a user created with a token carries one, and this route
     * must not become a second token route). Unset fields are left out, as CometChat does.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserResponse(String uid, String name, String avatar, String role, String status, Long createdAt,
            Long updatedAt) {

        static UserResponse of(CometChatUser user) {
            return new UserResponse(user.uid(), user.name(), user.avatar(), user.role(), user.status(),
                    user.createdAt(), user.updatedAt());
        }

    }

    /** The user route's arguments: the ones every CometGate route takes. */
    public static class Config extends CometGateRouteConfig<Config> {

    }

}
