package io.cometgate.loadtests.support;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identities of virtual users: {@code <prefix>-<n>}, lowercase, so that each JWT subject is used unchanged as the
 * CometChat UID and the token route's answer can be checked against it.
 */
public final class VirtualUsers {

    /** Session attribute holding the virtual user's id (the JWT's {@code sub}). */
    public static final String USER_ID = "userId";

    private VirtualUsers() {
    }

    /** A feeder handing every virtual user the next id: {@code prefix-1}, {@code prefix-2}, … */
    public static Iterator<Map<String, Object>> ids(String prefix) {
        AtomicLong next = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return Map.of(USER_ID, prefix + "-" + next.incrementAndGet());
            }
        };
    }

    /**
     * {@code base} followed by a suffix unique to this run, for users that must be new to the gateway (first login,
     * fresh rate-limit state) even when it has served earlier runs.
     */
    public static String runUniquePrefix(String base) {
        return base + "-" + Long.toString(System.currentTimeMillis(), 36);
    }

}
