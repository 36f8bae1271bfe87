package io.cometgate.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Turns the JSON bodies of {@code POST /users} and {@code PUT /users/{uid}} into validated drafts, with the limits
 * and the answer shapes of the live API.
 *
 * <p>Field problems are collected into one {@code 400 ERR_BAD_REQUEST} whose {@code details} name every offending
 * field (Laravel-style messages, as the live API sends), so a client sees all of its mistakes at once. The uid is
 * lowercased on create, as CometChat does, and only then checked against {@code [a-z0-9_-]{1,100}}: a bad uid is
 * its own code, {@code ERR_INVALID_UID}, because callers map it to a different decision than a missing name.
 */
final class UserValidation {

    static final int MAX_UID_LENGTH = 100;

    static final int MAX_NAME_LENGTH = 100;

    static final int MAX_URL_LENGTH = 3000;

    static final int MAX_TAGS = 25;

    static final int MAX_TAG_LENGTH = 100;

    /** The most uids one activate or deactivate call takes. */
    static final int MAX_BULK_UIDS = 25;

    /** The fields a {@code PUT} may clear with {@code "unset": [...]}. */
    static final Set<String> UNSETTABLE_FIELDS = Set.of("avatar", "link", "metadata", "statusMessage", "tags");

    private static final Pattern VALID_UID = Pattern.compile("[a-z0-9_-]{1," + MAX_UID_LENGTH + "}");

    private UserValidation() {
    }

    /** A user to create: uid already lowercased and valid. */
    record NewUser(String uid, Profile profile, boolean withAuthToken) {
    }

    /**
     * The optional profile fields of a user; {@code null} means "not given". {@code metadata} is a JSON object.
     */
    record Profile(String name, String avatar, String link, String role, String statusMessage, JsonNode metadata,
            List<String> tags) {
    }

    /** A partial update: fields to set (non-null in {@code set}) and fields to clear. */
    record UserChanges(Profile set, Set<String> unset) {
    }

    static NewUser parseCreate(JsonNode body) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String uid = requiredString(body, "uid", problems);
        String name = requiredString(body, "name", problems);
        Profile profile = profile(body, name, problems);
        if (!problems.isEmpty()) {
            throw ApiErrors.badRequest(problems);
        }
        String lowercased = uid.toLowerCase(Locale.ROOT);
        if (!VALID_UID.matcher(lowercased).matches()) {
            throw ApiErrors.invalidUid(lowercased);
        }
        return new NewUser(lowercased, profile, body.path("withAuthToken").asBoolean(false));
    }

    static UserChanges parseUpdate(JsonNode body) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String name = optionalString(body, "name", problems);
        if (name != null && name.isBlank()) {
            problems.computeIfAbsent("name", k -> new ArrayList<>()).add("The name field is required.");
        }
        Profile profile = profile(body, name, problems);
        Set<String> unset = unset(body, problems);
        if (!problems.isEmpty()) {
            throw ApiErrors.badRequest(problems);
        }
        return new UserChanges(profile, unset);
    }

    private static Profile profile(JsonNode body, String name, Map<String, List<String>> problems) {
        maxLength("name", name, MAX_NAME_LENGTH, problems);
        String avatar = optionalString(body, "avatar", problems);
        maxLength("avatar", avatar, MAX_URL_LENGTH, problems);
        requireUrl("avatar", avatar, problems);
        String link = optionalString(body, "link", problems);
        maxLength("link", link, MAX_URL_LENGTH, problems);
        String role = optionalString(body, "role", problems);
        String statusMessage = optionalString(body, "statusMessage", problems);
        JsonNode metadata = metadata(body, problems);
        List<String> tags = tags(body, problems);
        return new Profile(name, blankToNull(avatar), blankToNull(link), blankToNull(role),
                blankToNull(statusMessage), metadata, tags);
    }

    private static String requiredString(JsonNode body, String field, Map<String, List<String>> problems) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull() || (node.isString() && node.stringValue().isBlank())) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("The " + field + " field is required.");
            return null;
        }
        if (!node.isString()) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("The " + field + " must be a string.");
            return null;
        }
        return node.stringValue();
    }

    private static String optionalString(JsonNode body, String field, Map<String, List<String>> problems) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("The " + field + " must be a string.");
            return null;
        }
        return node.stringValue();
    }

    private static void maxLength(String field, String value, int max, Map<String, List<String>> problems) {
        // The limits are in characters (the docs say UTF-8), so count code points, not UTF-16 units.
        if (value != null && value.codePointCount(0, value.length()) > max) {
            problems.computeIfAbsent(field, k -> new ArrayList<>())
                .add("The " + field + " may not be greater than " + max + " characters.");
        }
    }

    /**
     * {@code avatar} must be a valid URL ({@code cometchat-rest-v3.md}, "Users": 400 {@code ERR_BAD_REQUEST}, "The
     * avatar must be a valid URL." in {@code details}). The live API is Laravel, whose {@code url} rule wants a scheme
     * and a host; the emulator takes http and https URLs with a host, and leaves an empty value to mean "not set".
     */
    private static void requireUrl(String field, String value, Map<String, List<String>> problems) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean valid;
        try {
            URI uri = new URI(value);
            String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
            valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        }
        catch (URISyntaxException ex) {
            valid = false;
        }
        if (!valid) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("The " + field + " must be a valid URL.");
        }
    }

    /**
     * The body of {@code PUT /users} ({@code uidsToActivate}) or {@code DELETE /users} ({@code uidsToDeactivate}):
     * a required array of 1 to {@value #MAX_BULK_UIDS} uid strings ("at most 25", {@code cometchat-rest-v3.md}).
     */
    static List<String> parseUidList(JsonNode body, String field) {
        JsonNode node = body.path(field);
        String label = field.equals("uidsToActivate") ? "uids to activate" : "uids to deactivate";
        if (node.isMissingNode() || node.isNull()) {
            throw ApiErrors.badRequest(Map.of(field, List.of("The " + label + " field is required.")));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiErrors.badRequest(Map.of(field, List.of("The " + label + " must be a non-empty array.")));
        }
        if (node.size() > MAX_BULK_UIDS) {
            throw ApiErrors.badRequest(Map.of(field,
                    List.of("The " + label + " may not have more than " + MAX_BULK_UIDS + " items.")));
        }
        List<String> uids = new ArrayList<>(node.size());
        for (JsonNode uid : node) {
            if (!uid.isString() || uid.stringValue().isBlank()) {
                throw ApiErrors.badRequest(Map.of(field, List.of("Each of the " + label + " must be a uid string.")));
            }
            uids.add(uid.stringValue());
        }
        return uids;
    }

    private static JsonNode metadata(JsonNode body, Map<String, List<String>> problems) {
        JsonNode node = body.path("metadata");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.computeIfAbsent("metadata", k -> new ArrayList<>()).add("The metadata must be an object.");
            return null;
        }
        return node.deepCopy();
    }

    private static List<String> tags(JsonNode body, Map<String, List<String>> problems) {
        JsonNode node = body.path("tags");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problems.computeIfAbsent("tags", k -> new ArrayList<>()).add("The tags must be an array.");
            return null;
        }
        if (node.size() > MAX_TAGS) {
            problems.computeIfAbsent("tags", k -> new ArrayList<>())
                .add("The tags may not have more than " + MAX_TAGS + " items.");
        }
        List<String> tags = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            String field = "tags." + i;
            if (!tag.isString()) {
                problems.computeIfAbsent(field, k -> new ArrayList<>()).add("The " + field + " must be a string.");
                continue;
            }
            maxLength(field, tag.stringValue(), MAX_TAG_LENGTH, problems);
            tags.add(tag.stringValue());
        }
        return List.copyOf(tags);
    }

    private static Set<String> unset(JsonNode body, Map<String, List<String>> problems) {
        JsonNode node = body.path("unset");
        if (node.isMissingNode() || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            problems.computeIfAbsent("unset", k -> new ArrayList<>()).add("The unset must be an array.");
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode field = node.get(i);
            if (field.isString() && UNSETTABLE_FIELDS.contains(field.stringValue())) {
                fields.add(field.stringValue());
            }
            else {
                problems.computeIfAbsent("unset." + i, k -> new ArrayList<>())
                    .add("The selected unset." + i + " is invalid.");
            }
        }
        return fields;
    }

    /** The live API leaves empty fields out of its answers, so an empty string is stored as "not set". */
    private static String blankToNull(String value) {
        return (value == null || value.isEmpty()) ? null : value;
    }
}
