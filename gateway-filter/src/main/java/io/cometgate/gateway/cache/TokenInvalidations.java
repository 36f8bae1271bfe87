package io.cometgate.gateway.cache;

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
     * @return completes when published, or when publishing gave up (a failure is never an error)
     */
    Mono<Void> publish(CometChatApp app, String uid);

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

    }

}
