package io.cometgate.gateway.internal.user;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatUser;

/**
 * A user after its profile was synchronised from the caller's claims.
 *
 * @param user the user as CometChat answered it
 * @param outcome {@link UserOutcome#CREATED} or {@link UserOutcome#UPDATED}
 */
public record SyncedUser(CometChatUser user, UserOutcome outcome) {

    public SyncedUser {
        Assert.notNull(user, "user cannot be null");
        Assert.notNull(outcome, "outcome cannot be null");
    }

}
