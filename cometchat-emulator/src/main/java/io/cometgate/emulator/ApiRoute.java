package io.cometgate.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Which {@link Operation} a {@code /v3} request is for, and its path parameters.
 *
 * <p>Matching is done by hand on path segments rather than with a router, because the emulator must know the
 * operation before anything else happens (to count the call and to apply faults to it), and because a path segment
 * can hold an encoded character ({@code %7C} in an invalid uid) that must be decoded after splitting, not before.
 *
 * @param operation the operation, or {@code null} when no route matches
 * @param uid the decoded {@code {uid}} segment, exactly as given, or {@code null}
 * @param authToken the decoded {@code {authToken}} segment, or {@code null}
 */
record ApiRoute(Operation operation, String uid, String authToken) {

    static final String BASE_PATH = "/v3";

    private static final ApiRoute UNKNOWN = new ApiRoute(null, null, null);

    static boolean isApiPath(String rawPath) {
        return rawPath.equals(BASE_PATH) || rawPath.startsWith(BASE_PATH + "/");
    }

    /** Matches a raw (still percent-encoded) path that {@link #isApiPath starts with /v3}. */
    static ApiRoute match(HttpMethod method, String rawPath) {
        List<String> segments = segments(rawPath.substring(BASE_PATH.length()));
        if (segments == null || segments.isEmpty() || !segments.get(0).equals("users")) {
            return UNKNOWN;
        }
        String name = method.name();
        switch (segments.size()) {
            case 1:
                return usersRoute(name);
            case 2:
                return userRoute(name, segments.get(1));
            case 3:
                return segments.get(2).equals("auth_tokens") ? tokensRoute(name, segments.get(1)) : UNKNOWN;
            case 4:
                return segments.get(2).equals("auth_tokens")
                        ? tokenRoute(name, segments.get(1), segments.get(3)) : UNKNOWN;
            default:
                return UNKNOWN;
        }
    }

    private static ApiRoute usersRoute(String method) {
        return switch (method) {
            case "POST" -> new ApiRoute(Operation.CREATE_USER, null, null);
            case "GET" -> new ApiRoute(Operation.LIST_USERS, null, null);
            case "PUT" -> new ApiRoute(Operation.ACTIVATE_USERS, null, null);
            case "DELETE" -> new ApiRoute(Operation.DEACTIVATE_USERS, null, null);
            default -> UNKNOWN;
        };
    }

    private static ApiRoute userRoute(String method, String uid) {
        return switch (method) {
            case "GET" -> new ApiRoute(Operation.GET_USER, uid, null);
            case "PUT" -> new ApiRoute(Operation.UPDATE_USER, uid, null);
            case "DELETE" -> new ApiRoute(Operation.DELETE_USER, uid, null);
            default -> UNKNOWN;
        };
    }

    private static ApiRoute tokensRoute(String method, String uid) {
        return switch (method) {
            case "POST" -> new ApiRoute(Operation.CREATE_AUTH_TOKEN, uid, null);
            case "GET" -> new ApiRoute(Operation.LIST_AUTH_TOKENS, uid, null);
            case "DELETE" -> new ApiRoute(Operation.FLUSH_AUTH_TOKENS, uid, null);
            default -> UNKNOWN;
        };
    }

    private static ApiRoute tokenRoute(String method, String uid, String authToken) {
        return switch (method) {
            case "GET" -> new ApiRoute(Operation.GET_AUTH_TOKEN, uid, authToken);
            case "PUT" -> new ApiRoute(Operation.UPDATE_AUTH_TOKEN, uid, authToken);
            case "DELETE" -> new ApiRoute(Operation.DELETE_AUTH_TOKEN, uid, authToken);
            default -> UNKNOWN;
        };
    }

    /** Decoded non-empty segments (a trailing slash is tolerated), or {@code null} for a malformed escape. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            try {
                // '+' is a literal plus in a path, unlike in a query string.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return segments;
    }
}
