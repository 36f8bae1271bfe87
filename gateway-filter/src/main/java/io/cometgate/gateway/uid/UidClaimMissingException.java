package io.cometgate.gateway.uid;

/**
 * The caller is authenticated but its token lacks the claim the UID is taken from. Answered with 403: the caller
 * cannot fix it by logging in again, the issuer or the {@code cometchat.uid.claim} setting must change.
 */
public class UidClaimMissingException extends RuntimeException {

    private final String claim;

    public UidClaimMissingException(String claim) {
        super("The authenticated principal has no '" + claim + "' claim to take the CometChat UID from. "
                + "Did the identity provider include it in the token, or should cometchat.uid.claim name another claim?");
        this.claim = claim;
    }

    /** The missing claim. */
    public String getClaim() {
        return this.claim;
    }

}
