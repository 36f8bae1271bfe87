package io.cometgate.gateway.internal.web;

/** Carries an error that is already decided (a rate limit, a method not allowed) through a reactive chain. */
public final class GatewayErrorException extends RuntimeException {

    private final GatewayError error;

    public GatewayErrorException(GatewayError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    /** The error to answer. */
    public GatewayError getError() {
        return this.error;
    }

}
