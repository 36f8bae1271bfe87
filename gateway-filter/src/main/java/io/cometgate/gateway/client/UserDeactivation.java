package io.cometgate.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * CometChat's answer to a deactivation ({@code DELETE /users} with {@code uidsToDeactivate}).
 *
 * @param deactivatedUids the users deactivated by this call
 * @param nonActiveUids the UIDs that were not active: unknown, or deactivated already
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserDeactivation(List<String> deactivatedUids, List<String> nonActiveUids) {

    public UserDeactivation {
        deactivatedUids = (deactivatedUids != null) ? List.copyOf(deactivatedUids) : List.of();
        nonActiveUids = (nonActiveUids != null) ? List.copyOf(nonActiveUids) : List.of();
    }

}
