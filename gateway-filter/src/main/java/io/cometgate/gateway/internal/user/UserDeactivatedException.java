package io.cometgate.gateway.internal.user;

/**
 * The caller's CometChat user is deactivated (deleted without {@code permanent}, usually by a moderator): CometChat
 * keeps its UID taken but answers {@code ERR_UID_NOT_FOUND} to a mint or an update. Answered
 * {@code 403 CHAT_USER_DEACTIVATED}: no retry helps, only an administrator reactivating the user.
 */
public final class UserDeactivatedException extends RuntimeException {

    public UserDeactivatedException() {
        // No UID in the message: the audit line already names the caller, and messages travel further than logs.
        super("The caller's CometChat user is deactivated", null, false, false);
    }

}
