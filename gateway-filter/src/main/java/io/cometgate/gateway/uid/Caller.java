package io.cometgate.gateway.uid;

/**
 * An authenticated caller and its CometChat UID.
 *
 * @param identity who the caller is, as proven by its token
 * @param uid its CometChat UID
 */
public record Caller(AuthenticatedIdentity identity, String uid) {
}
