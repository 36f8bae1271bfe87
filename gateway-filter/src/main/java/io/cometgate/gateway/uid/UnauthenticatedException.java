package io.cometgate.gateway.uid;

/** No authenticated principal reached the filter: the route's security is missing or let an anonymous caller by. */
public final class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException() {
        super("No authenticated principal", null, false, false);
    }

}
