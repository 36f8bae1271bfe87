package io.cometgate.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A CometChat user, as the REST API answers it. Unset fields are {@code null}. {@code authToken} is only present when
 * the user was created with {@code withAuthToken: true}; {@link #toString()} never shows it.
 *
 * @param uid the user's UID
 * @param name the display name
 * @param avatar the avatar URL
 * @param link the profile link
 * @param role the role
 * @param status {@code online} or {@code offline}
 * @param createdAt unix seconds
 * @param updatedAt unix seconds
 * @param authToken the token minted with the user, if asked for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CometChatUser(String uid, String name, String avatar, String link, String role, String status,
        Long createdAt, Long updatedAt, String authToken) {

    @Override
    public String toString() {
        return "CometChatUser[uid=" + this.uid + ", name=" + this.name + ", role=" + this.role + ", authToken="
                + (this.authToken != null ? Secrets.mask(this.authToken) : null) + "]";
    }

}
