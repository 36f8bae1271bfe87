package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where {@link UpstreamPause} shares a pause with the other replicas. {@link #NONE} keeps pauses in the replica that
 * saw the 429: the choice without Redis.
 */
public interface SharedPauses {

    /** Nothing shared. */
    SharedPauses NONE = new SharedPauses() {

        @Override
        public Mono<Duration> remaining(String appId) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> pause(String appId, Duration pause) {
            return Mono.empty();
        }

    };

    /**
     * @param appId the CometChat app
     * @return what is left of the app's pause, or empty when calls may go; empty too when the store fails
     */
    Mono<Duration> remaining(String appId);

    /**
     * @param appId the CometChat app
     * @param pause how long every replica holds its calls
     * @return completes when shared, or when the store gave up
     */
    Mono<Void> pause(String appId, Duration pause);

}
