package io.cometgate.gateway.client;

/**
 * A CometChat REST API call failed. Messages name the operation and, where CometChat answered, its status and error
 * code; they never carry the REST API key, a token or CometChat's response body.
 */
public abstract sealed class CometChatException extends RuntimeException
        permits CometChatApiException, CometChatTimeoutException, CometChatUnreachableException {

    private final CometChatOperation operation;

    protected CometChatException(CometChatOperation operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The call that failed. */
    public CometChatOperation getOperation() {
        return this.operation;
    }

}
