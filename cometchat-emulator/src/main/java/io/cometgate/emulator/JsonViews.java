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
        ObjectNode pagination = root.putObject("meta").putObject("pagination");
        pagination.put("total", page.total());
        pagination.put("count", page.tokens().size());
        pagination.put("per_page", page.perPage());
        pagination.put("current_page", page.page());
        pagination.put("total_pages", page.totalPages());
        return root;
    }

    ObjectNode success(String message) {
        ObjectNode root = this.mapper.createObjectNode();
        root.putObject("data").put("success", true).put("message", message);
        return root;
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
