package io.cometgate.emulator;

import java.util.List;
import java.util.Map;

/**
 * What the emulator holds for one user, for tests that check the state a client left behind.
 *
 * <p>Optional fields are {@code null} when not set; {@code tags} is empty when not set. {@code updatedAt} equals
 * {@code createdAt} until the first update. A deactivated user (deleted without {@code permanent}) is still held,
 * with {@code deactivated == true}, because its uid stays taken.
 *
 * @param uid the uid, lowercase
 * @param name the display name
 * @param avatar the avatar URL, or {@code null}
 * @param link the profile link, or {@code null}
 * @param role the role, {@code "default"} unless set
 * @param statusMessage the status message, or {@code null}
 * @param metadata the metadata object as plain Java values, or {@code null}
 * @param tags the tags, possibly empty
 * @param createdAt creation time in unix seconds
 * @param updatedAt last update time in unix seconds
 * @param deactivated whether the user was deleted without {@code permanent}
 */
public record EmulatedUser(String uid, String name, String avatar, String link, String role, String statusMessage,
        Map<String, Object> metadata, List<String> tags, long createdAt, long updatedAt, boolean deactivated) {
}
