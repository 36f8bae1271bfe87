package io.cometgate.emulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>The plan quota counts every stored user, deactivated ones included (their uid stays taken); only a permanent
 * delete frees a place. A create reserves its place before it inserts, so concurrent creates never overshoot.
 */
final class UserStore {

    private final ConcurrentMap<String, StoredUser> users = new ConcurrentHashMap<>();

    private final TokenFactory tokenFactory = new TokenFactory();

    private final Clock clock;

    /** Users held, active or deactivated: what the plan quota counts. */
    private final AtomicInteger storedUsers = new AtomicInteger();

    /** The plan's user quota; 0: none (the default). */
    private volatile int maxUsers;

    /** How many tokens of a user stay valid, the newest ones; 0: all (the default). */
    private volatile int tokenCap;

    /** Added to the clock for every timestamp the store writes (createdAt, updatedAt, token times). */
    private volatile long timestampOffsetSeconds;

    UserStore(Clock clock) {
        this.clock = clock;
    }

    /** The users activated and the uids left as they were (not deactivated, or unknown). */
    record Activation(List<String> changed, List<String> unchanged) {
    }

    /** One page of active users, ordered by uid. */
    record UserPage(List<UserState> users, int total, int perPage, int page) {

        int totalPages() {
            return Math.max(1, (total + perPage - 1) / perPage);
        }
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
        // An existing uid answers ERR_UID_ALREADY_EXISTS even on a full plan: the uid check comes first.
        if (this.users.containsKey(draft.uid())) {
            throw ApiErrors.uidAlreadyExists(draft.uid());
        }
        if (!reservePlace()) {
            throw ApiErrors.planQuotaRestriction();
        }
        StoredUser user = new StoredUser(draft.uid(), draft.profile(), now);
        if (this.users.putIfAbsent(draft.uid(), user) != null) {
            this.storedUsers.decrementAndGet();
            throw ApiErrors.uidAlreadyExists(draft.uid());
        }
        AuthToken token = draft.withAuthToken() ? user.mint(this.tokenFactory, now, this.tokenCap) : null;
        return new Created(user.state(), token);
    }

    private boolean reservePlace() {
        int max = this.maxUsers;
        if (max <= 0) {
            this.storedUsers.incrementAndGet();
            return true;
        }
        int before = this.storedUsers.getAndUpdate((n) -> (n < max) ? n + 1 : n);
        return before < max;
    }

    /** Reactivates the deactivated users among {@code uids} (already validated: at most 25, no duplicates). */
    Activation activate(List<String> uids) {
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String uid : new LinkedHashSet<>(uids)) {
            StoredUser user = this.users.get(uid);
            ((user != null && user.activate()) ? changed : unchanged).add(uid);
        }
        return new Activation(List.copyOf(changed), List.copyOf(unchanged));
    }

    /** Deactivates the active users among {@code uids}. */
    Activation deactivate(List<String> uids) {
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String uid : new LinkedHashSet<>(uids)) {
            StoredUser user = this.users.get(uid);
            ((user != null && user.deactivateIfActive()) ? changed : unchanged).add(uid);
        }
        return new Activation(List.copyOf(changed), List.copyOf(unchanged));
    }

    UserPage listUsers(int perPage, int page) {
        List<UserState> active = this.users.values()
            .stream()
            .filter(StoredUser::isActive)
            .map(StoredUser::state)
            .filter((state) -> !state.deactivated())
            .sorted(Comparator.comparing(UserState::uid))
            .toList();
        long from = (long) (page - 1) * perPage;
        List<UserState> slice = (from >= active.size()) ? List.of()
                : active.subList((int) from, (int) Math.min(active.size(), from + perPage));
        return new UserPage(List.copyOf(slice), active.size(), perPage, page);
    }

    AuthToken ageToken(String uid, String authToken, long createdAt) {
        StoredUser user = this.users.get(uid);
        if (user == null) {
            throw ApiErrors.uidNotFound(uid);
        }
        return user.age(authToken, createdAt);
    }

    void maxUsers(int maxUsers) {
        if (maxUsers < 0) {
            throw new IllegalArgumentException("maxUsers must be zero (no quota) or positive, was " + maxUsers);
        }
        this.maxUsers = maxUsers;
    }

    int maxUsers() {
        return this.maxUsers;
    }

    void tokenCap(int tokenCap) {
        if (tokenCap < 0) {
            throw new IllegalArgumentException("tokenCap must be zero (no cap) or positive, was " + tokenCap);
        }
        this.tokenCap = tokenCap;
    }

    int tokenCap() {
        return this.tokenCap;
    }

    void timestampOffsetSeconds(long offsetSeconds) {
        this.timestampOffsetSeconds = offsetSeconds;
    }

    long timestampOffsetSeconds() {
        return this.timestampOffsetSeconds;
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
            if (this.users.remove(uid, user)) {
                this.storedUsers.decrementAndGet();
            }
        }
        else {
            user.deactivate();
        }
    }

    AuthToken mintToken(String uid) {
        return require(uid).mint(this.tokenFactory, nowSeconds(), this.tokenCap);
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

    /** Drops every user and sets the knobs back: no quota, no token cap, no timestamp offset. */
    void clear() {
        this.users.clear();
        this.storedUsers.set(0);
        this.maxUsers = 0;
        this.tokenCap = 0;
        this.timestampOffsetSeconds = 0;
    }

    private StoredUser require(String uid) {
        StoredUser user = this.users.get(uid);
        if (user == null) {
            throw ApiErrors.uidNotFound(uid);
        }
        return user;
    }

    long nowSeconds() {
        return this.clock.millis() / 1000 + this.timestampOffsetSeconds;
    }
}
