package io.cometgate.gateway.client;

/**
 * CometChat could not be reached, or closed the connection without an answer. The cause is the low-level network
 * error (never the client's wrapper, whose message carries the request URL, which can contain a token).
 */
public final class CometChatUnreachableException extends CometChatException {

    public CometChatUnreachableException(CometChatOperation operation, Throwable networkCause) {
        super(operation, "CometChat could not be reached for " + operation + ": "
                + networkCause.getClass().getSimpleName(), networkCause);
    }

}
