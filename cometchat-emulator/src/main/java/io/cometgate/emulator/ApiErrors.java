package io.cometgate.emulator;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The errors of the real CometChat REST API v3 that the emulator reproduces, and their envelope
 * {@code {"error":{"message","devMessage","source":"chat-api","code","details?"}}}.
 *
 * <p>Status codes and codes follow the recorded live API, not the folklore: an existing uid is
 * {@code 400 ERR_UID_ALREADY_EXISTS}, never 409, so clients are forced to decide on the {@code code}. Messages copy
 * the live wording where it is known (uid not found, uid exists, token not found) and never contain a whole API key.
 */
final class ApiErrors {

    static final String SOURCE = "chat-api";

    /** Keys shorter than this are masked completely: showing 5 characters at each end would reveal most of them. */
    private static final int SHORTEST_PARTLY_SHOWN_KEY = 20;

    private ApiErrors() {
    }

    static ApiException emptyApiKey() {
        String message = "The apikey header is missing or empty. Please send your REST API key in the apikey header.";
        return new ApiException(401, "AUTH_ERR_EMPTY_APIKEY", message, message, null);
    }

    static ApiException apiKeyNotFound(String presentedKey) {
        String message = "The key " + maskKey(presentedKey) + " does not exist. Please use correct apiKey.";
        return new ApiException(401, "AUTH_ERR_APIKEY_NOT_FOUND", message, message, null);
    }

    static ApiException uidNotFound(String uid) {
        return new ApiException(404, "ERR_UID_NOT_FOUND",
                "The UID " + uid + " does not exist, please make sure you have created a user with UID " + uid + ".",
                "The UID " + uid + " does not exist, so please make sure you have created a user with UID " + uid
                        + ".",
                null);
    }

    static ApiException uidAlreadyExists(String uid) {
        return new ApiException(400, "ERR_UID_ALREADY_EXISTS",
                "The uid " + uid + " already exists. Please use another uid or try after permanently deleting the user.",
                "The uid " + uid
                        + " already exists. Please use another uid or try recreating after permanently deleting the user.",
                null);
    }

    static ApiException invalidUid(String uid) {
        String message = "The uid " + uid + " is invalid. A uid may only contain lowercase letters, digits, "
                + "underscores and hyphens, and at most " + UserValidation.MAX_UID_LENGTH + " characters.";
        return new ApiException(400, "ERR_INVALID_UID", message, message, null);
    }

    /**
     * The plan's user quota is spent: {@code 402}, observed live on the 26th create of a free app
     * ({@code cometchat-rest-v3.md}, "Users"). The wording is the emulator's: the live message was not recorded.
     */
    static ApiException planQuotaRestriction() {
        String message = "The number of users allowed by your plan has been reached. Please upgrade your plan or "
                + "delete users permanently.";
        return new ApiException(402, "ERR_PLAN_QUOTA_RESTRICTION", message, message, null);
    }

    static ApiException authTokenNotFound() {
        String message = "Auth token does not exist.";
        return new ApiException(404, "ERR_AUTH_TOKEN_NOT_FOUND", message, message, null);
    }

    static ApiException badRequest(Map<String, List<String>> details) {
        String message = "Failed to validate the data sent with the request.";
        return new ApiException(400, "ERR_BAD_REQUEST", message, message, details);
    }

    static ApiException malformedJson() {
        String message = "The request body is not valid JSON.";
        return new ApiException(400, "ERR_BAD_REQUEST", message, message, null);
    }

    static ApiException routeNotFound(String method, String path) {
        String message = "The requested resource does not exist.";
        return new ApiException(404, "ERR_NOT_FOUND", message,
                "No CometChat v3 route matches " + method + " " + path + " in the emulator.", null);
    }

    static ApiException tooManyRequests(long retryAfterSeconds) {
        String message = "Too many requests. Please retry after " + retryAfterSeconds + " seconds.";
        return new ApiException(429, "ERR_TOO_MANY_REQUESTS", message, message, null);
    }

    /** A failure requested through {@link FaultInjector}; its message says so, to keep test logs honest. */
    static ApiException injected(int status, String code) {
        String message = "Injected by the CometChat emulator: answering " + status + " " + code + ".";
        return new ApiException(status, code, message, message, null);
    }

    /**
     * Masks a key the way the live API does ({@code 11111*****11111}): enough to recognise which key was sent,
     * never the whole key.
     */
    static String maskKey(String key) {
        if (key.length() < SHORTEST_PARTLY_SHOWN_KEY) {
            return "*****";
        }
        return key.substring(0, 5) + "*****" + key.substring(key.length() - 5);
    }

    static ObjectNode envelope(JsonMapper mapper, ApiException error) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.getMessage());
        body.put("devMessage", error.devMessage());
        body.put("source", SOURCE);
        body.put("code", error.code());
        if (!error.details().isEmpty()) {
            ObjectNode details = body.putObject("details");
            error.details().forEach((field, messages) -> {
                ArrayNode list = details.putArray(field);
                messages.forEach(list::add);
            });
        }
        return root;
    }
}
