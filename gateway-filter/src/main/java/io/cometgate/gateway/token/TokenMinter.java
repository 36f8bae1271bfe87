package io.cometgate.gateway.token;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatUser;
import io.cometgate.gateway.client.NewUser;

/**
 * Mints a CometChat auth token for a UID, creating the user on first login.
 * <p>
 * The common case costs one call: mint. Only when CometChat answers {@code ERR_UID_NOT_FOUND} is the user created,
 * with {@code withAuthToken: true} so that the token comes back in that same call. Two first logins of one user can
 * race; the loser gets {@code 400 ERR_UID_ALREADY_EXISTS} and simply mints. Decisions are made on CometChat's error
 * code, never on the status: 400 also means "bad request".
 */
public final class TokenMinter {

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
            .onErrorResume((ex) -> provision && CometChatErrorCodes.is(ex, CometChatErrorCodes.UID_NOT_FOUND), (ex) -> provision(client, uid, profile));
    }

    private Mono<MintedToken> provision(CometChatClient client, String uid, Supplier<UserProfile> profileOf) {
        UserProfile profile = profileOf.get();
        NewUser user = new NewUser(uid, profile.name(), profile.avatar(), true);
        return client.createUser(user)
            .flatMap((created) -> tokenOf(client, created))
            .onErrorResume((ex) -> CometChatErrorCodes.is(ex, CometChatErrorCodes.UID_ALREADY_EXISTS),
                    (ex) -> client.createAuthToken(uid, false)
                        .map((token) -> new MintedToken(token, MintOutcome.PROVISION_RACE_LOST)));
    }

    private Mono<MintedToken> tokenOf(CometChatClient client, CometChatUser created) {
        if (created.authToken() != null) {
            return Mono.just(new MintedToken(new AuthToken(created.uid(), created.authToken(),
                    created.createdAt() != null ? created.createdAt() : 0L), MintOutcome.PROVISIONED));
        }
        // CometChat should return the token with the user; if it ever does not, one more call still logs the user in.
        return client.createAuthToken(created.uid(), false)
            .map((token) -> new MintedToken(token, MintOutcome.PROVISIONED));
    }

}
