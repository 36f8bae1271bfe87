package io.cometgate.gateway.internal.token;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatUser;
import io.cometgate.gateway.client.NewUser;
import io.cometgate.gateway.internal.user.UserDeactivatedException;

/**
 * Mints a CometChat auth token for a UID, creating the user on first login.
 * <p>
 * The common case costs one call: mint. Only when CometChat answers {@code ERR_UID_NOT_FOUND} is the user created,
 * with {@code withAuthToken: true} so that the token comes back in that same call. Two first logins of one user can
 * race; the loser gets {@code 400 ERR_UID_ALREADY_EXISTS} and simply mints. Decisions are made on CometChat's error
 * code, never on the status: 400 also means "bad request".
 * <ul>
 * <li>A profile CometChat refuses ({@code 400 ERR_BAD_REQUEST} naming {@code name} or {@code avatar}) never locks
 * the person out: the user is created once more with a minimal profile (the name, or the UID if the name was
 * refused; no avatar), with a WARN naming the refused fields, never their values.</li>
 * <li>A deactivated user holds its UID (create: {@code ERR_UID_ALREADY_EXISTS}) but cannot be minted a token
 * ({@code ERR_UID_NOT_FOUND} again): that is {@link UserDeactivatedException}, with no further call, unless
 * reactivation is on, which reactivates it and mints.</li>
 * <li>After each new token, the user's tokens older than the maximum age are revoked ({@link AgedTokenRevoker});
 * not after a first login, which has no older tokens.</li>
 * </ul>
 */
public final class TokenMinter {

    private static final Logger logger = LoggerFactory.getLogger(TokenMinter.class);

    private final boolean reactivateDeactivated;

    private final AgedTokenRevoker agedTokens;

    /** A minter that leaves deactivated users deactivated and tokens to live until revoked. */
    public TokenMinter() {
        this(false, AgedTokenRevoker.NONE);
    }

    /**
     * @param reactivateDeactivated whether to reactivate a deactivated user on login (a moderator's deactivation is
     * then undone by the user's next login)
     * @param agedTokens revokes the user's aged tokens after each mint
     */
    public TokenMinter(boolean reactivateDeactivated, AgedTokenRevoker agedTokens) {
        Assert.notNull(agedTokens, "agedTokens cannot be null");
        this.reactivateDeactivated = reactivateDeactivated;
        this.agedTokens = agedTokens;
    }

    /**
     * @param client the client of the caller's CometChat app
     * @param uid the caller's UID
     * @param profile the profile to create the user with, if it does not exist; read only then
     * @param provision whether to create missing users
     * @param force whether to ask CometChat for a new token even if it could hand back an existing one
     * @return the token and how it was obtained
     */
    public Mono<MintedToken> mint(CometChatClient client, String uid, Supplier<UserProfile> profile, boolean provision,
            boolean force) {
        return client.createAuthToken(uid, force)
            .map((token) -> new MintedToken(token, MintOutcome.MINTED))
            .onErrorResume((ex) -> provision && CometChatErrorCodes.is(ex, CometChatErrorCodes.UID_NOT_FOUND),
                    (ex) -> provision(client, uid, profile))
            .flatMap((minted) -> isFirstToken(minted) ? Mono.just(minted)
                    : this.agedTokens.revokeAged(client, uid, minted.token()).thenReturn(minted));
    }

    private static boolean isFirstToken(MintedToken minted) {
        return minted.outcome() == MintOutcome.PROVISIONED
                || minted.outcome() == MintOutcome.PROVISIONED_MINIMAL_PROFILE;
    }

    private Mono<MintedToken> provision(CometChatClient client, String uid, Supplier<UserProfile> profileOf) {
        UserProfile profile = profileOf.get();
        return create(client, uid, profile, MintOutcome.PROVISIONED)
            .onErrorResume((ex) -> !UserProfile.refusedFields(ex).isEmpty(), (ex) -> {
                Set<String> refused = UserProfile.refusedFields(ex);
                logger.warn("CometChat refused the profile fields {} of new user {}: creating it with a minimal "
                        + "profile instead", refused.stream().sorted().toList(), uid);
                return create(client, uid, profile.minimal(refused, uid), MintOutcome.PROVISIONED_MINIMAL_PROFILE);
            })
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, CometChatErrorCodes.UID_ALREADY_EXISTS),
                    (ex) -> mintForExisting(client, uid));
    }

    private Mono<MintedToken> create(CometChatClient client, String uid, UserProfile profile, MintOutcome outcome) {
        return client.createUser(new NewUser(uid, profile.name(), profile.avatar(), true))
            .flatMap((created) -> tokenOf(client, created, outcome));
    }

    /**
     * The UID is taken: another request created the user first, or the user is deactivated. A mint tells them
     * apart: a deactivated user is still "not found".
     */
    private Mono<MintedToken> mintForExisting(CometChatClient client, String uid) {
        return client.createAuthToken(uid, false)
            .map((token) -> new MintedToken(token, MintOutcome.PROVISION_RACE_LOST))
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, CometChatErrorCodes.UID_NOT_FOUND),
                    (ex) -> deactivated(client, uid));
    }

    private Mono<MintedToken> deactivated(CometChatClient client, String uid) {
        if (!this.reactivateDeactivated) {
            return Mono.error(new UserDeactivatedException());
        }
        return client.reactivateUsers(List.of(uid)).flatMap((activation) -> {
            if (!activation.activatedUids().contains(uid)) {
                // Not deactivated after all (erased in between, say): nothing was reactivated, nothing to mint for.
                return Mono.error(new UserDeactivatedException());
            }
            logger.info("Reactivated deactivated CometChat user {} on login "
                    + "(cometchat.provisioning.reactivate-deactivated=true)", uid);
            return client.createAuthToken(uid, false).map((token) -> new MintedToken(token, MintOutcome.REACTIVATED));
        });
    }

    private Mono<MintedToken> tokenOf(CometChatClient client, CometChatUser created, MintOutcome outcome) {
        if (created.authToken() != null) {
            return Mono.just(new MintedToken(new AuthToken(created.uid(), created.authToken(),
                    created.createdAt() != null ? created.createdAt() : 0L), outcome));
        }
        // CometChat should return the token with the user; if it ever does not, one more call still logs the user in.
        return client.createAuthToken(created.uid(), false).map((token) -> new MintedToken(token, outcome));
    }

}
