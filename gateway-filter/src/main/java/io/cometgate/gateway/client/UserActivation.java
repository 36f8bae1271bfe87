package io.cometgate.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * CometChat's answer to a reactivation ({@code PUT /users} with {@code uidsToActivate}).
 *
 * @param activatedUids the users reactivated by this call
 * @param nonDeactivatedUids the UIDs that were not deactivated: unknown, or active already
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserActivation(List<String> activatedUids, List<String> nonDeactivatedUids) {

    public UserActivation {
        activatedUids = (activatedUids != null) ? List.copyOf(activatedUids) : List.of();
        nonDeactivatedUids = (nonDeactivatedUids != null) ? List.copyOf(nonDeactivatedUids) : List.of();
    }

}
