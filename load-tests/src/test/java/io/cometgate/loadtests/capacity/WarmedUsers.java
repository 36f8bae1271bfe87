package io.cometgate.loadtests.capacity;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.gatling.javaapi.core.Session;

import io.cometgate.loadtests.support.IssuerTokens;
import io.cometgate.loadtests.support.VirtualUsers;

/**
 * The users warmed up before the measured phases (JWT fetched, first login done, token cached), so that each measured
 * request can be sent as a random one of them: the load spreads over all of them, as page loads of many signed-in
 * users do, and no measured request pays for the issuer.
 */
public final class WarmedUsers {

    private final AtomicReferenceArray<String[]> users;

    private final AtomicInteger count = new AtomicInteger();

    public WarmedUsers(int capacity) {
        this.users = new AtomicReferenceArray<>(capacity);
    }

    /** Keeps the session's user and JWT, once its first login succeeded. */
    public Session add(Session session) {
        if (!session.isFailed()) {
            int index = this.count.getAndIncrement();
            if (index < this.users.length()) {
                this.users.set(index, new String[] { session.getString(VirtualUsers.USER_ID),
                        session.getString(IssuerTokens.ACCESS_TOKEN) });
            }
        }
        return session;
    }

    /** Puts a random warmed user and its JWT in the session. */
    public Session pick(Session session) {
        int warmed = size();
        if (warmed == 0) {
            throw new IllegalStateException("No user was warmed up: see the warm-up requests' errors");
        }
        String[] user = this.users.get(ThreadLocalRandom.current().nextInt(warmed));
        return session.set(VirtualUsers.USER_ID, user[0]).set(IssuerTokens.ACCESS_TOKEN, user[1]);
    }

    public int size() {
        return Math.min(this.count.get(), this.users.length());
    }

}
