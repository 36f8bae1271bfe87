package io.cometgate.gateway.config;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start when a user's timeout cannot take effect because another one ends first. The defaults never do
 * (cometchat.retry.max-total-time is unset, so it follows cometchat.request-timeout); a value that does is legal (it
 * still bounds calls made outside a gateway request), so this warns instead of failing the start.
 */
final class IneffectiveTimeouts {

    private static final Logger logger = LoggerFactory.getLogger(IneffectiveTimeouts.class);

    private IneffectiveTimeouts() {
    }

    static void warnAbout(CometChatProperties properties) {
        Duration maxTotalTime = properties.getRetry().getMaxTotalTime();
        Duration requestTimeout = properties.getRequestTimeout();
        // The request's deadline starts before its first call, so a per-call bound at or above it never fires there.
        if (maxTotalTime != null && requestTimeout != null && maxTotalTime.compareTo(requestTimeout) > 0) {
            logger.warn("cometchat.retry.max-total-time ({}) exceeds cometchat.request-timeout ({}): the CometChat calls "
                    + "of a gateway request end at the request timeout, so this bound only applies to calls outside a "
                    + "request. Leave it unset, or set it below the request timeout.", maxTotalTime, requestTimeout);
        }
    }

}
