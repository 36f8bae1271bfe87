package io.cometgate.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code PUT /users/{uid}}: the fields to change, and in {@code unset} the fields to clear
 * ({@code avatar}, {@code link}, {@code metadata}).
 *
 * @param name the new display name, or {@code null} to keep it
 * @param avatar the new avatar URL, or {@code null} to keep it
 * @param unset fields to clear, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UserUpdate(String name, String avatar, List<String> unset) {
}
