package io.cometgate.gateway.uid;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * What the gateway knows for certain about the caller: the authenticated principal's name and its claims (JWT
 * claims, introspected attributes or an OAuth2 login user's attributes). Built only from the exchange's principal,
 * never from the request.
 *
 * @param name the principal's name, or {@code null} when it has none (a JWT without {@code sub})
 * @param claims the principal's claims; empty when the principal carries none
 */
public record AuthenticatedIdentity(String name, Map<String, Object> claims) {

    public AuthenticatedIdentity {
        Assert.isTrue(name == null || !name.isBlank(), "name cannot be blank");
        // Not Map.copyOf: introspection attributes may hold null values.
        claims = (claims != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(claims)) : Map.of();
    }

    /** A claim as a non-blank string, or {@code null}. */
    public String stringClaim(String claim) {
        Object value = this.claims.get(claim);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

}
