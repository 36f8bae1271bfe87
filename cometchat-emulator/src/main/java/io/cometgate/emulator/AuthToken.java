package io.cometgate.emulator;

/**
 * One auth token as CometChat returns it: {@code {"uid","authToken","createdAt"}}, {@code createdAt} in unix seconds.
 */
record AuthToken(String uid, String authToken, long createdAt) {
}
