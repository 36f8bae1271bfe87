package io.cometgate.gateway.client;

/**
 * The CometChat error codes the gateway decides on, and the test it decides with. Decide on the code, never on the
 * status alone: "user already exists" is {@code 400 ERR_UID_ALREADY_EXISTS}, the status of a validation failure too.
 */
public final class CometChatErrorCodes {

    /** The user does not exist (or is deactivated). */
    public static final String UID_NOT_FOUND = "ERR_UID_NOT_FOUND";

    /** The UID is taken: another request created the user first. */
    public static final String UID_ALREADY_EXISTS = "ERR_UID_ALREADY_EXISTS";

    /** The auth token is unknown (revoked, or pushed out by the user's 100 newer ones). */
    public static final String AUTH_TOKEN_NOT_FOUND = "ERR_AUTH_TOKEN_NOT_FOUND";

    /** The plan's user quota is spent: no user can be created until the plan changes or users are deleted. */
    public static final String PLAN_QUOTA_RESTRICTION = "ERR_PLAN_QUOTA_RESTRICTION";

    /** A validation failure; its {@code details} name the refused fields. */
    public static final String BAD_REQUEST = "ERR_BAD_REQUEST";

    private CometChatErrorCodes() {
    }

    /** Whether {@code failure} is CometChat answering with one of {@code codes}. */
    public static boolean is(Throwable failure, String... codes) {
        if (failure instanceof CometChatApiException api) {
            for (String code : codes) {
                if (api.hasErrorCode(code)) {
                    return true;
                }
            }
        }
        return false;
    }

}
