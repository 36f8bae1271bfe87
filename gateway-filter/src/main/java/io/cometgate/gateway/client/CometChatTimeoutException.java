package io.cometgate.gateway.client;

import java.time.Duration;

/** CometChat did not answer within the configured time. */
public final class CometChatTimeoutException extends CometChatException {

    public CometChatTimeoutException(CometChatOperation operation, Duration timeout) {
        super(operation, "CometChat did not answer " + operation + " within " + timeout.toMillis() + " ms", null);
    }

}
