package io.cometgate.gateway.client;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * CometChat's error body, {@code {"error":{"message","devMessage","source","code","details"}}}: only the code and the
 * names of the fields in {@code details} are read. The messages and the details' texts are never passed on, since
 * they can echo what was sent (a masked key, a UID, a refused value).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiErrorEnvelope(Error error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String code, Map<String, Object> details) {
    }

    String code() {
        return this.error != null ? this.error.code() : null;
    }

    /** The names of the fields {@code details} complains about, such as {@code avatar}; empty when none. */
    Set<String> detailFields() {
        return (this.error != null && this.error.details() != null) ? Set.copyOf(this.error.details().keySet())
                : Set.of();
    }

}
