package io.cometgate.emulator;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the emulator's state in the live API's response shapes ({@code {"data": ...}}), leaving out empty and
 * unset fields as the live API does.
 */
final class JsonViews {

    private final JsonMapper mapper;

    JsonViews(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The answer to {@code POST /users}: no {@code updatedAt}, plus {@code authToken} when one was minted. */
    ObjectNode createdUser(UserStore.Created created) {
        ObjectNode root = this.mapper.createObjectNode();
        ObjectNode data = userFields(root.putObject("data"), created.user());
        if (created.authToken() != null) {
            data.put("authToken", created.authToken().authToken());
        }
        return root;
    }

    /** The answer to {@code GET} and {@code PUT /users/{uid}}, with {@code updatedAt}. */
    ObjectNode user(UserState user) {
        ObjectNode root = this.mapper.createObjectNode();
        userFields(root.putObject("data"), user).put("updatedAt", user.updatedAt());
        return root;
    }

    ObjectNode token(AuthToken token) {
        ObjectNode root = this.mapper.createObjectNode();
        tokenFields(root.putObject("data"), token);
        return root;
    }

    ObjectNode tokenPage(UserStore.TokenPage page) {
        ObjectNode root = this.mapper.createObjectNode();
        ArrayNode data = root.putArray("data");
        page.tokens().forEach((token) -> tokenFields(data.addObject(), token));
        pagination(root.putObject("meta"), page.total(), page.tokens().size(), page.perPage(), page.page(),
                page.totalPages());
        return root;
    }

    private static void pagination(ObjectNode meta, int total, int count, int perPage, int page, int totalPages) {
        ObjectNode pagination = meta.putObject("pagination");
        pagination.put("total", total);
        pagination.put("count", count);
        pagination.put("per_page", perPage);
        pagination.put("current_page", page);
        pagination.put("total_pages", totalPages);
    }

    /**
     * The answer to {@code GET /users}: {@code data} and {@code meta} with {@code pagination} and {@code cursor}
     * ({@code cometchat-rest-v3.md}, "Users"). The reference gives no fields for {@code cursor}: the emulator sends
     * {@code updatedAt} (the newest {@code updatedAt} on the page, else now) and {@code affix}, and ignores cursor
     * parameters; clients page with {@code perPage}/{@code page}. Each item carries what CometChat's recorded list
     * answers carry, and no more: {@code uid}, {@code name}, {@code role}, {@code status}, {@code createdAt} (no
     * {@code updatedAt}, no {@code link}, even when set).
     */
    ObjectNode userPage(UserStore.UserPage page, long nowSeconds) {
        ObjectNode root = this.mapper.createObjectNode();
        ArrayNode data = root.putArray("data");
        page.users().forEach((user) -> listItem(data.addObject(), user));
        ObjectNode meta = root.putObject("meta");
        pagination(meta, page.total(), page.users().size(), page.perPage(), page.page(), page.totalPages());
        long newest = page.users().stream().mapToLong(UserState::updatedAt).max().orElse(nowSeconds);
        meta.putObject("cursor").put("updatedAt", newest).put("affix", "prepend");
        return root;
    }

    /**
     * The answer to {@code PUT /users} ({@code uidsToActivate}). The reference says "the answer lists the reactivated
     * UIDs and the unknown ones apart" without naming fields; CometChat's reactivate page
     * ({@code rest-api/users/reactivate}, OpenAPI {@code put /users}) shows
     * {@code {"data":{"nonDeactivatedUids":[...]}}}.
     * So: {@code activatedUids} for the reactivated ones, {@code nonDeactivatedUids} for every other given uid
     * (active already, or unknown).
     */
    ObjectNode activation(UserStore.Activation activation) {
        ObjectNode root = this.mapper.createObjectNode();
        ObjectNode data = root.putObject("data");
        activation.changed().forEach(data.putArray("activatedUids")::add);
        activation.unchanged().forEach(data.putArray("nonDeactivatedUids")::add);
        return root;
    }

    /**
     * The answer to {@code DELETE /users} ({@code uidsToDeactivate}). Neither the reference nor the docs give a shape;
     * the emulator mirrors {@link #activation}: {@code deactivatedUids} and {@code nonActiveUids} (already
     * deactivated, or unknown).
     */
    ObjectNode deactivation(UserStore.Activation deactivation) {
        ObjectNode root = this.mapper.createObjectNode();
        ObjectNode data = root.putObject("data");
        deactivation.changed().forEach(data.putArray("deactivatedUids")::add);
        deactivation.unchanged().forEach(data.putArray("nonActiveUids")::add);
        return root;
    }

    ObjectNode success(String message) {
        ObjectNode root = this.mapper.createObjectNode();
        root.putObject("data").put("success", true).put("message", message);
        return root;
    }

    private static void listItem(ObjectNode item, UserState user) {
        item.put("uid", user.uid());
        item.put("name", user.name());
        item.put("role", user.role());
        item.put("status", UserState.STATUS);
        item.put("createdAt", user.createdAt());
    }

    private static ObjectNode userFields(ObjectNode data, UserState user) {
        data.put("uid", user.uid());
        data.put("name", user.name());
        putIfSet(data, "link", user.link());
        putIfSet(data, "avatar", user.avatar());
        if (user.metadata() != null && !user.metadata().isEmpty()) {
            data.set("metadata", user.metadata());
        }
        data.put("status", UserState.STATUS);
        data.put("role", user.role());
        putIfSet(data, "statusMessage", user.statusMessage());
        if (!user.tags().isEmpty()) {
            ArrayNode tags = data.putArray("tags");
            user.tags().forEach(tags::add);
        }
        data.put("createdAt", user.createdAt());
        return data;
    }

    private static void tokenFields(ObjectNode data, AuthToken token) {
        data.put("uid", token.uid());
        data.put("authToken", token.authToken());
        data.put("createdAt", token.createdAt());
    }

    private static void putIfSet(ObjectNode data, String field, String value) {
        if (value != null && !value.isEmpty()) {
            data.put(field, value);
        }
    }
}
