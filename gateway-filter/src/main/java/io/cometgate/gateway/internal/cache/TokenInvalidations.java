package io.cometgate.gateway.internal.cache;

import reactor.core.publisher.Mono;

import io.cometgate.gateway.client.CometChatApp;

/**
 * Tells the other replicas that a user's token changed or is gone, so that they drop their local copy. Messages
 * carry the app id and UID, never a token.
 */
public interface TokenInvalidations {

    /**
     * @param app the CometChat app
     * @param uid the user whose token changed or is gone
     * @return completes when published; fails when it was not (skipped while Redis is known down)
     */
    Mono<Void> publish(CometChatApp app, String uid);

    /**
     * Publishes even while this replica thinks Redis is down, for a logout's eviction: bounded by the command
     * timeout.
     * @param app the CometChat app
     * @param uid the user whose token is gone
     * @return completes when published; fails when it was not
     */
    default Mono<Void> publishEvenIfKnownDown(CometChatApp app, String uid) {
        return publish(app, uid);
    }

    /** What a replica does with the messages it hears. */
    interface Listener {

        /**
         * Another replica changed or removed a token.
         * @param appId the app
         * @param uid the user
         */
        void invalidated(String appId, String uid);

        /**
         * The subscription was (re)established: messages sent while it was down may have been missed.
         */
        void subscribed();

        /**
         * The subscription was found silent (it hears no message, this replica's own heartbeats included): until
         * the next {@link #subscribed()}, nothing this replica holds can be trusted to be current.
         */
        default void coherenceLost() {
        }

    }

}
