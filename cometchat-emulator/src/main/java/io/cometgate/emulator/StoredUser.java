package io.cometgate.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cometgate.emulator.UserValidation.Profile;
import io.cometgate.emulator.UserValidation.UserChanges;
import tools.jackson.databind.JsonNode;

/**
 * One user and its auth tokens. Every method holds this user's monitor: calls for different users never contend,
 * and calls for the same user see each other's effects in order, as on the live API.
 *
 * <p>A user is either active, deactivated (deleted without {@code permanent}: invisible to the API but its uid stays
 * taken) or removed (deleted permanently; the store drops it from its map right after). Removed and deactivated
 * users answer {@code 404 ERR_UID_NOT_FOUND} on every call.
 */
final class StoredUser {

    static final String DEFAULT_ROLE = "default";

    private final String uid;

    private final long createdAt;

    private String name;

    private String avatar;

    private String link;

    private String role;

    private String statusMessage;

    private JsonNode metadata;

    private List<String> tags;

    private long updatedAt;

    private boolean deactivated;

    private boolean removed;

    /** In minting order, newest first; a token's {@code createdAt} can be moved by a test (see {@link #age}). */
    private final ArrayDeque<AuthToken> tokens = new ArrayDeque<>();

    private final Map<String, AuthToken> tokensByValue = new HashMap<>();

    StoredUser(String uid, Profile profile, long createdAt) {
        this.uid = uid;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.name = profile.name();
        this.avatar = profile.avatar();
        this.link = profile.link();
        this.role = (profile.role() != null) ? profile.role() : DEFAULT_ROLE;
        this.statusMessage = profile.statusMessage();
        this.metadata = profile.metadata();
        this.tags = (profile.tags() != null) ? profile.tags() : List.of();
    }

    String uid() {
        return this.uid;
    }

    synchronized UserState state() {
        return new UserState(this.uid, this.name, this.avatar, this.link, this.role, this.statusMessage,
                (this.metadata != null) ? this.metadata.deepCopy() : null, this.tags, this.createdAt, this.updatedAt,
                this.deactivated);
    }

    synchronized UserState activeState() {
        requireActive();
        return state();
    }

    synchronized UserState update(UserChanges changes, long now) {
        requireActive();
        Profile set = changes.set();
        if (set.name() != null) {
            this.name = set.name();
        }
        if (set.avatar() != null) {
            this.avatar = set.avatar();
        }
        if (set.link() != null) {
            this.link = set.link();
        }
        if (set.role() != null) {
            this.role = set.role();
        }
        if (set.statusMessage() != null) {
            this.statusMessage = set.statusMessage();
        }
        if (set.metadata() != null) {
            this.metadata = set.metadata();
        }
        if (set.tags() != null) {
            this.tags = set.tags();
        }
        unset(changes.unset());
        this.updatedAt = now;
        return state();
    }

    private void unset(Set<String> fields) {
        for (String field : fields) {
            switch (field) {
                case "avatar" -> this.avatar = null;
                case "link" -> this.link = null;
                case "metadata" -> this.metadata = null;
                case "statusMessage" -> this.statusMessage = null;
                case "tags" -> this.tags = List.of();
                default -> throw new IllegalArgumentException("Not an unsettable field: " + field);
            }
        }
    }

    synchronized void deactivate() {
        requireActive();
        this.deactivated = true;
    }

    /** Deactivates an active user; {@code false} when it is already deactivated or removed. */
    synchronized boolean deactivateIfActive() {
        if (!isActive()) {
            return false;
        }
        this.deactivated = true;
        return true;
    }

    /**
     * Reactivates a deactivated user, keeping its tokens: they work again, as the reactivate docs say ("their groups
     * and existing tokens work again", {@code cometchat-rest-v3.md}). {@code false} when it was not deactivated.
     */
    synchronized boolean activate() {
        if (this.removed || !this.deactivated) {
            return false;
        }
        this.deactivated = false;
        return true;
    }

    /** Marks the user removed and drops its tokens; a permanent delete also works on a deactivated user. */
    synchronized void remove() {
        if (this.removed) {
            throw ApiErrors.uidNotFound(this.uid);
        }
        this.removed = true;
        this.tokens.clear();
        this.tokensByValue.clear();
    }

    /**
     * Mints a token. {@code cap > 0} keeps only the newest {@code cap} tokens valid; {@code 0} keeps them all, the
     * default, because a recorded live listing showed 200 tokens of one user ({@code cometchat-rest-v3.md}).
     */
    synchronized AuthToken mint(TokenFactory factory, long now, int cap) {
        requireActive();
        AuthToken token = new AuthToken(this.uid, factory.newToken(this.uid, now), now);
        this.tokens.addFirst(token);
        this.tokensByValue.put(token.authToken(), token);
        while (cap > 0 && this.tokens.size() > cap) {
            AuthToken evicted = this.tokens.removeLast();
            this.tokensByValue.remove(evicted.authToken());
        }
        return token;
    }

    /** Newest first by {@code createdAt}; tokens of the same second in minting order, newest first. */
    synchronized List<AuthToken> tokens() {
        requireActive();
        List<AuthToken> sorted = new ArrayList<>(this.tokens);
        sorted.sort(Comparator.comparingLong(AuthToken::createdAt).reversed());
        return sorted;
    }

    /**
     * Moves a token's {@code createdAt}, so a test can age tokens without waiting. The token's value keeps the
     * second it was minted in; only the listed {@code createdAt} changes. Works on a deactivated user too.
     */
    synchronized AuthToken age(String value, long createdAt) {
        AuthToken token = this.removed ? null : this.tokensByValue.get(value);
        if (token == null) {
            throw ApiErrors.authTokenNotFound();
        }
        AuthToken aged = new AuthToken(token.uid(), token.authToken(), createdAt);
        this.tokensByValue.put(value, aged);
        ArrayDeque<AuthToken> reordered = new ArrayDeque<>(this.tokens.size());
        for (AuthToken each : this.tokens) {
            reordered.addLast(each.authToken().equals(value) ? aged : each);
        }
        this.tokens.clear();
        this.tokens.addAll(reordered);
        return aged;
    }

    synchronized AuthToken token(String value) {
        requireActive();
        AuthToken token = this.tokensByValue.get(value);
        if (token == null) {
            throw ApiErrors.authTokenNotFound();
        }
        return token;
    }

    synchronized void deleteToken(String value) {
        AuthToken token = token(value);
        this.tokensByValue.remove(value);
        this.tokens.removeIf((each) -> each.authToken().equals(token.authToken()));
    }

    synchronized void flushTokens() {
        requireActive();
        this.tokens.clear();
        this.tokensByValue.clear();
    }

    /** The tokens a client could log in with right now: none for a deactivated or removed user. */
    synchronized List<String> activeTokenValues() {
        if (!isActive()) {
            return List.of();
        }
        return tokens().stream().map(AuthToken::authToken).toList();
    }

    synchronized boolean isTokenActive(String value) {
        return isActive() && this.tokensByValue.containsKey(value);
    }

    synchronized boolean isActive() {
        return !this.removed && !this.deactivated;
    }

    synchronized Optional<UserState> stateIfPresent() {
        return this.removed ? Optional.empty() : Optional.of(state());
    }

    private void requireActive() {
        if (!isActive()) {
            throw ApiErrors.uidNotFound(this.uid);
        }
    }
}
