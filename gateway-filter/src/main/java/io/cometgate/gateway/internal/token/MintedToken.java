package io.cometgate.gateway.internal.token;

import io.cometgate.gateway.client.AuthToken;

/**
 * A token handed to a caller, and how it was obtained.
 *
 * @param token the token
 * @param outcome how it was obtained
 */
public record MintedToken(AuthToken token, MintOutcome outcome) {
}
