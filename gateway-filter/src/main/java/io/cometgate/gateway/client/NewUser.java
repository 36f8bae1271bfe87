package io.cometgate.gateway.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.util.Assert;

/**
 * The body of {@code POST /users}: a user to create.
 *
 * @param uid the UID, already valid for CometChat
 * @param name the display name (at most 100 characters)
 * @param avatar an avatar URL, or {@code null}
 * @param withAuthToken whether CometChat should mint a token in the same call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewUser(String uid, String name, String avatar, Boolean withAuthToken) {

    public NewUser {
        Assert.hasText(uid, "uid cannot be empty");
        Assert.hasText(name, "name cannot be empty");
    }

}
