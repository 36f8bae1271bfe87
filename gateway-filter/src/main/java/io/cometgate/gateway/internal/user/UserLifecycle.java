package io.cometgate.gateway.internal.user;

import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import static io.cometgate.gateway.client.CometChatErrorCodes.UID_ALREADY_EXISTS;
import static io.cometgate.gateway.client.CometChatErrorCodes.UID_NOT_FOUND;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatUser;
import io.cometgate.gateway.client.NewUser;
import io.cometgate.gateway.client.UserUpdate;
import io.cometgate.gateway.internal.token.UserProfile;

/**
 * The caller's own CometChat user: synchronise its profile from the caller's claims, read it, erase it. The UID is
 * always the caller's, resolved from its principal by the caller of this class.
 * <p>
 * Decisions are made on CometChat's error code, never on the status alone: {@code ERR_UID_ALREADY_EXISTS} is a 400,
 * like a validation failure.
 */
public final class UserLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(UserLifecycle.class);

    private static final List<String> UNSET_AVATAR = List.of("avatar");

    private final TokenCache tokenCache;

    /**
     * @param tokenCache the cache of minted tokens, evicted when a user is erased
     */
    public UserLifecycle(TokenCache tokenCache) {
        Assert.notNull(tokenCache, "tokenCache cannot be null");
        this.tokenCache = tokenCache;
    }

    /**
     * Makes the user's profile the one of the caller's claims, creating the user if it does not exist. A picture no
     * longer in the claims is removed from CometChat too, so that what the identity provider shows is what chat
     * shows.
     * <p>
     * The common case costs one call: update. A missing user costs two: update ({@code ERR_UID_NOT_FOUND}), create.
     * When another request created the user in between ({@code ERR_UID_ALREADY_EXISTS}), the profile is updated once
     * more. A deactivated user cannot be updated nor created again (the UID is taken, the update finds no user):
     * {@link UserDeactivatedException}.
     * <p>
     * When CometChat refuses profile fields ({@code 400 ERR_BAD_REQUEST} naming {@code name} or {@code avatar}), the
     * user is stored without them (a refused name becomes the UID) and the answer is what was stored; a WARN names
     * the refused fields, never their values.
     * @param client the client of the caller's CometChat app
     * @param uid the caller's UID
     * @param profile the profile from the caller's claims
     * @return the user and whether it was created or updated
     */
    public Mono<SyncedUser> sync(CometChatClient client, String uid, UserProfile profile) {
        return update(client, uid, profile)
            .onErrorResume((ex) -> canDoWithout(ex, profile, uid),
                    (ex) -> sync(client, uid, without(ex, profile, uid)))
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, UID_NOT_FOUND), (ex) -> create(client, uid, profile));
    }

    private Mono<SyncedUser> update(CometChatClient client, String uid, UserProfile profile) {
        UserUpdate update = new UserUpdate(profile.name(), profile.avatar(),
                (profile.avatar() != null) ? null : UNSET_AVATAR);
        return client.updateUser(uid, update).map((user) -> new SyncedUser(user, UserOutcome.UPDATED));
    }

    private Mono<SyncedUser> create(CometChatClient client, String uid, UserProfile profile) {
        return client.createUser(new NewUser(uid, profile.name(), profile.avatar(), false))
            .map((user) -> new SyncedUser(user, UserOutcome.CREATED))
            .onErrorResume((ex) -> canDoWithout(ex, profile, uid),
                    (ex) -> create(client, uid, without(ex, profile, uid)))
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, UID_ALREADY_EXISTS), (ex) -> update(client, uid, profile)
                // Taken, yet not found: the user is deactivated.
                .onErrorMap((notFound) -> CometChatErrorCodes.is(notFound, UID_NOT_FOUND),
                        (notFound) -> new UserDeactivatedException()));
    }

    /** Whether CometChat refused profile fields that the profile can do without (so a retry can succeed). */
    private static boolean canDoWithout(Throwable failure, UserProfile profile, String uid) {
        Set<String> refused = UserProfile.refusedFields(failure);
        return !refused.isEmpty() && !profile.without(refused, uid).equals(profile);
    }

    private static UserProfile without(Throwable failure, UserProfile profile, String uid) {
        Set<String> refused = UserProfile.refusedFields(failure);
        logger.warn("CometChat refused the profile fields {} of user {}: storing the profile without them",
                refused.stream().sorted().toList(), uid);
        return profile.without(refused, uid);
    }

    /**
     * Reads the user.
     * @param client the client of the caller's CometChat app
     * @param uid the caller's UID
     * @return the user; {@link UserNotFoundException} when it does not exist
     */
    public Mono<CometChatUser> read(CometChatClient client, String uid) {
        return client.getUser(uid)
            .onErrorMap((ex) -> CometChatErrorCodes.is(ex, UID_NOT_FOUND), (ex) -> new UserNotFoundException());
    }

    /**
     * Erases the user for good (privacy-law erasure): revokes all its tokens, deletes it permanently, and forgets its
     * cached token. Idempotent: a user that is already gone is {@link UserOutcome#ALREADY_ABSENT}, not an error.
     * <p>
     * Tokens are flushed first, while the user still exists: after a permanent delete CometChat answers
     * {@code ERR_UID_NOT_FOUND} to the flush. The delete is attempted even when the flush found no user, so that a
     * deactivated user, which some CometChat calls treat as missing, is still erased. The cache is evicted whatever
     * happened, last, so that a token cached by a concurrent login in between does not outlive the user; a failed
     * erasure can be repeated.
     * @param client the client of the caller's CometChat app
     * @param uid the caller's UID
     * @return {@link UserOutcome#DELETED} or {@link UserOutcome#ALREADY_ABSENT}
     */
    public Mono<UserOutcome> erase(CometChatClient client, String uid) {
        Mono<Void> evict = Mono.defer(() -> this.tokenCache.evict(client.app(), uid));
        return client.flushAuthTokens(uid)
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, UID_NOT_FOUND), (ex) -> Mono.empty())
            .then(client.deleteUser(uid, true)
                .thenReturn(UserOutcome.DELETED)
                .onErrorResume((ex) -> CometChatErrorCodes.is(ex, UID_NOT_FOUND), (ex) -> Mono.just(UserOutcome.ALREADY_ABSENT)))
            // The cache never fails (TokenCache's contract), so this evicts once, on success and on failure alike.
            .flatMap((outcome) -> evict.thenReturn(outcome))
            .onErrorResume((ex) -> evict.then(Mono.error(ex)));
    }

}
