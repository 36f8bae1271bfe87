package io.cometgate.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * CometChat's error body, {@code {"error":{"message","devMessage","source","code","details"}}}: only the code is read.
 * The messages are never passed on, since they can echo what was sent (a masked key, a UID).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiErrorEnvelope(Error error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String code) {
    }

    String code() {
        return this.error != null ? this.error.code() : null;
    }

}
