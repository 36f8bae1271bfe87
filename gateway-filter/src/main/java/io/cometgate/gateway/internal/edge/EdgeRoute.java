package io.cometgate.gateway.internal.edge;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.config.RedisFailurePolicy;
import io.cometgate.gateway.uid.UidPolicy;

/**
 * A route's settings, resolved once when the route is built: its CometChat app and client, how UIDs are derived, and
 * its per-user limit.
 *
 * @param client the client of the route's CometChat app
 * @param uidPolicy how UIDs are derived
 * @param userLimit the per-user limit, or {@code null} for none
 * @param onRedisFailure what the per-user limit does without Redis
 */
public record EdgeRoute(CometChatClient client, UidPolicy uidPolicy, LimitPolicy userLimit,
        RedisFailurePolicy onRedisFailure) {

    public EdgeRoute {
        Assert.notNull(client, "client cannot be null");
        Assert.notNull(uidPolicy, "uidPolicy cannot be null");
        Assert.notNull(onRedisFailure, "onRedisFailure cannot be null");
    }

    /** The route's CometChat app. */
    public CometChatApp app() {
        return this.client.app();
    }

}
