package io.cometgate.emulator;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * An immutable copy of one stored user, taken under the user's lock, so that rendering and inspection never race
 * with a concurrent update. Optional fields are {@code null} when not set.
 */
record UserState(String uid, String name, String avatar, String link, String role, String statusMessage,
        JsonNode metadata, List<String> tags, long createdAt, long updatedAt, boolean deactivated) {

    /** Every user is reported offline: the emulator has no realtime connections. */
    static final String STATUS = "offline";
}
