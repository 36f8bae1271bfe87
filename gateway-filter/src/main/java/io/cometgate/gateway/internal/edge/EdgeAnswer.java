package io.cometgate.gateway.internal.edge;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * A successful answer of a route handled at the edge.
 *
 * @param status the status
 * @param body the JSON body, or {@code null} for none
 * @param outcome what happened, for the audit line (such as {@code MINTED})
 */
public record EdgeAnswer(HttpStatus status, Object body, String outcome) {

    public EdgeAnswer {
        Assert.notNull(status, "status cannot be null");
        Assert.hasText(outcome, "outcome cannot be empty");
    }

}
