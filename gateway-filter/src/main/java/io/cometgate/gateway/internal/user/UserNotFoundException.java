package io.cometgate.gateway.internal.user;

/**
 * The caller has no CometChat user (never created, erased, or deactivated). Answered {@code 404 USER_NOT_FOUND}, a
 * state the caller can fix, unlike the upstream failures answered 502.
 */
public final class UserNotFoundException extends RuntimeException {

    public UserNotFoundException() {
        // No UID in the message: the audit line already names the caller, and messages travel further than logs.
        super("The caller has no CometChat user", null, false, false);
    }

}
