package io.cometgate.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cometgate.emulator.UserValidation.NewUser;
import io.cometgate.emulator.UserValidation.UserChanges;

/**
 * The emulator's users and their auth tokens, safe for any number of concurrent calls.
 *
 * <p>There is no global lock: the map is a {@link ConcurrentHashMap} and each {@link StoredUser} guards its own
 * state. Creation is a single {@code putIfAbsent}, so of N concurrent creates of one uid exactly one wins and the
 * others get {@code 400 ERR_UID_ALREADY_EXISTS}, which is the race a token-minting gateway must survive.
 *
 * <p>Path uids are used exactly as given (no lowercasing): the live API only documents lowercasing on create.
 */
final class UserStore {

    private final ConcurrentMap<String, StoredUser> users = new ConcurrentHashMap<>();

    private final TokenFactory tokenFactory = new TokenFactory();

    private final Clock clock;

    UserStore(Clock clock) {
        this.clock = clock;
    }

    /** The created user and, when asked for with {@code withAuthToken}, its first token (else {@code null}). */
    record Created(UserState user, AuthToken authToken) {
    }

    /** One page of a user's tokens, newest first. */
    record TokenPage(List<AuthToken> tokens, int total, int perPage, int page) {

        /** Like the live API (Laravel paginator): at least one page, even when there are no tokens. */
        int totalPages() {
            return Math.max(1, (total + perPage - 1) / perPage);
        }
    }

    Created create(NewUser draft) {
        long now = nowSeconds();
        StoredUser user = new StoredUser(draft.uid(), draft.profile(), now);
        if (this.users.putIfAbsent(draft.uid(), user) != null) {
            throw ApiErrors.uidAlreadyExists(draft.uid());
        }
        AuthToken token = draft.withAuthToken() ? user.mint(this.tokenFactory, now) : null;
        return new Created(user.state(), token);
    }

    UserState get(String uid) {
        return require(uid).activeState();
    }

    UserState update(String uid, UserChanges changes) {
        return require(uid).update(changes, nowSeconds());
    }

    void delete(String uid, boolean permanent) {
        StoredUser user = require(uid);
        if (permanent) {
            user.remove();
            // Only drop this very record: a create that raced in after the removal must not be undone.
            this.users.remove(uid, user);
        }
        else {
            user.deactivate();
        }
    }

    AuthToken mintToken(String uid) {
        return require(uid).mint(this.tokenFactory, nowSeconds());
    }

    TokenPage listTokens(String uid, int perPage, int page) {
        List<AuthToken> all = require(uid).tokens();
        long from = (long) (page - 1) * perPage;
        List<AuthToken> slice = (from >= all.size()) ? List.of()
                : all.subList((int) from, (int) Math.min(all.size(), from + perPage));
        return new TokenPage(List.copyOf(slice), all.size(), perPage, page);
    }

    AuthToken token(String uid, String authToken) {
        return require(uid).token(authToken);
    }

    void deleteToken(String uid, String authToken) {
        require(uid).deleteToken(authToken);
    }

    void flushTokens(String uid) {
        require(uid).flushTokens();
    }

    boolean isActive(String uid) {
        StoredUser user = this.users.get(uid);
        return user != null && user.isActive();
    }

    Optional<UserState> find(String uid) {
        StoredUser user = this.users.get(uid);
        return (user != null) ? user.stateIfPresent() : Optional.empty();
    }

    List<String> activeTokens(String uid) {
        StoredUser user = this.users.get(uid);
        return (user != null) ? user.activeTokenValues() : List.of();
    }

    boolean isTokenValid(String uid, String authToken) {
        StoredUser user = this.users.get(uid);
        return user != null && authToken != null && user.isTokenActive(authToken);
    }

    void clear() {
        this.users.clear();
    }

    private StoredUser require(String uid) {
        StoredUser user = this.users.get(uid);
        if (user == null) {
            throw ApiErrors.uidNotFound(uid);
        }
        return user;
    }

    private long nowSeconds() {
        return this.clock.millis() / 1000;
    }
}
