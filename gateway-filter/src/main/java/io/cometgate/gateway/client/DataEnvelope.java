package io.cometgate.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** CometChat wraps every successful answer in {@code {"data": ...}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DataEnvelope<T>(T data) {
}
