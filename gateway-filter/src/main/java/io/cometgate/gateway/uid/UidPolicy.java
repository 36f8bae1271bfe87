package io.cometgate.gateway.uid;

import org.springframework.util.Assert;

/**
 * How a route derives CometChat UIDs: which claim holds the subject, and the prefix and mapping applied to it.
 *
 * @param claim the claim holding the subject, {@code sub} by default
 * @param mapper the mapping of subjects to valid CometChat UIDs, with its prefix
 */
public record UidPolicy(String claim, CometChatUidMapper mapper) {

    public UidPolicy {
        Assert.hasText(claim, "claim cannot be empty");
        Assert.notNull(mapper, "mapper cannot be null");
    }

    /** A policy reading {@code claim} and prepending {@code prefix}. */
    public static UidPolicy of(String claim, String prefix) {
        return new UidPolicy(claim, new CometChatUidMapper(prefix));
    }

}
