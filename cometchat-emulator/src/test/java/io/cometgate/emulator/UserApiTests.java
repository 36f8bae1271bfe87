package io.cometgate.emulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users part of the API over real HTTP: shapes, codes and the create/deactivate/delete life cycle.
 */
class UserApiTests extends EmulatorTestSupport {

    @Test
    void createUserWhenValidThenOkWithLiveShape() {
        long before = Instant.now().getEpochSecond();
        ApiClient.Response response = api.post("/users",
                "{\"uid\":\"user_000\",\"name\":\"test\",\"avatar\":\"https://a.example/1.png\","
                        + "\"link\":\"https://l.example\",\"metadata\":{\"plan\":\"pro\"},\"tags\":[\"vip\"]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.data().path("uid").asString()).isEqualTo("user_000");
        assertThat(response.data().path("name").asString()).isEqualTo("test");
        assertThat(response.data().path("avatar").asString()).isEqualTo("https://a.example/1.png");
        assertThat(response.data().path("link").asString()).isEqualTo("https://l.example");
        assertThat(response.data().path("status").asString()).isEqualTo("offline");
        assertThat(response.data().path("role").asString()).isEqualTo("default");
        assertThat(response.data().path("metadata").path("plan").asString()).isEqualTo("pro");
        assertThat(response.data().path("tags").get(0).asString()).isEqualTo("vip");
        assertThat(response.data().path("createdAt").asLong()).isBetween(before, Instant.now().getEpochSecond());
        assertThat(response.data().has("authToken")).isFalse();
        assertThat(response.data().has("updatedAt")).isFalse();
        assertThat(emulator.userExists("user_000")).isTrue();
    }

    @Test
    void createUserWhenOptionalFieldsAbsentThenOmittedFromAnswer() {
        ApiClient.Response response = api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\",\"avatar\":\"\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().propertyNames()).containsExactly("uid", "name", "status", "role", "createdAt");
    }

    @Test
    void createUserWhenWithAuthTokenThenTokenInDataAndValid() {
        ApiClient.Response response = api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\",\"withAuthToken\":true}");

        assertThat(response.status()).isEqualTo(200);
        String token = response.data().path("authToken").asString();
        assertThat(token).matches("u1_\\d{10}[0-9a-f]{30}");
        assertThat(emulator.isTokenValid("u1", token)).isTrue();
        assertThat(emulator.activeTokens("u1")).containsExactly(token);
    }

    @Test
    void createUserWhenUidExistsThenBadRequestUidAlreadyExists() {
        createUser("u1");

        ApiClient.Response response = createUser("u1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_UID_ALREADY_EXISTS");
        assertThat(response.error().path("source").asString()).isEqualTo("chat-api");
        assertThat(response.error().path("message").asString()).contains("u1 already exists");
        assertThat(response.error().path("devMessage").isString()).isTrue();
    }

    @Test
    void createUserWhenUidHasUppercaseThenStoredLowercaseAndConflictsWithLowercase() {
        ApiClient.Response created = api.post("/users", "{\"uid\":\"Alice_01\",\"name\":\"Alice\"}");
        ApiClient.Response again = api.post("/users", "{\"uid\":\"alice_01\",\"name\":\"Alice\"}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.data().path("uid").asString()).isEqualTo("alice_01");
        assertThat(emulator.userExists("alice_01")).isTrue();
        assertThat(again.errorCode()).isEqualTo("ERR_UID_ALREADY_EXISTS");
    }

    @Test
    void createUserWhenUidHasInvalidCharactersThenBadRequestInvalidUid() {
        ApiClient.Response pipe = api.post("/users", "{\"uid\":\"auth0|abc\",\"name\":\"A\"}");
        ApiClient.Response space = api.post("/users", "{\"uid\":\"a b\",\"name\":\"A\"}");
        ApiClient.Response tooLong = api.post("/users", "{\"uid\":\"" + "a".repeat(101) + "\",\"name\":\"A\"}");

        assertThat(pipe.status()).isEqualTo(400);
        assertThat(pipe.errorCode()).isEqualTo("ERR_INVALID_UID");
        assertThat(space.errorCode()).isEqualTo("ERR_INVALID_UID");
        assertThat(tooLong.errorCode()).isEqualTo("ERR_INVALID_UID");
        assertThat(api.post("/users", "{\"uid\":\"" + "a".repeat(100) + "\",\"name\":\"A\"}").status()).isEqualTo(200);
    }

    @Test
    void createUserWhenUidAndNameMissingThenBadRequestWithDetails() {
        ApiClient.Response response = api.post("/users", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").path("uid").get(0).asString())
            .isEqualTo("The uid field is required.");
        assertThat(response.error().path("details").path("name").get(0).asString())
            .isEqualTo("The name field is required.");
    }

    @Test
    void createUserWhenFieldsTooLongThenBadRequestNamingEachField() {
        String tags = "[" + "\"t\",".repeat(25) + "\"" + "x".repeat(101) + "\"]";
        ApiClient.Response response = api.post("/users", "{\"uid\":\"u1\",\"name\":\"" + "n".repeat(101)
                + "\",\"avatar\":\"" + "a".repeat(3001) + "\",\"link\":\"" + "l".repeat(3001) + "\",\"tags\":" + tags
                + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").propertyNames())
            .containsExactlyInAnyOrder("name", "avatar", "link", "tags", "tags.25");
        assertThat(emulator.userExists("u1")).isFalse();
    }

    @Test
    void createUserWhenLimitsExactlyReachedThenOk() {
        String tags = "[" + String.join(",", java.util.Collections.nCopies(25, "\"" + "t".repeat(100) + "\"")) + "]";
        ApiClient.Response response = api.post("/users", "{\"uid\":\"u1\",\"name\":\"" + "é".repeat(100)
                + "\",\"avatar\":\"https://a.example/" + "a".repeat(3000 - 18) + "\",\"tags\":" + tags + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("tags").size()).isEqualTo(25);
    }

    @Test
    void createUserWhenBodyIsNotJsonThenBadRequest() {
        ApiClient.Response response = api.post("/users", "{\"uid\":");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
    }

    @Test
    void getUserWhenExistsThenOkWithCreatedAndUpdatedAt() {
        createUser("u1");

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("uid").asString()).isEqualTo("u1");
        assertThat(response.data().path("createdAt").isIntegralNumber()).isTrue();
        assertThat(response.data().path("updatedAt").asLong()).isEqualTo(response.data().path("createdAt").asLong());
    }

    @Test
    void getUserWhenUnknownThenNotFoundUidNotFound() {
        ApiClient.Response response = api.get("/users/nobody");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(response.error().path("message").asString())
            .isEqualTo("The UID nobody does not exist, please make sure you have created a user with UID nobody.");
    }

    @Test
    void getUserWhenPathUidDiffersInCaseThenNotFound() {
        createUser("u1");

        assertThat(api.get("/users/U1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void updateUserWhenFieldsSetAndUnsetThenOkWithUpdatedAt() {
        api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\",\"avatar\":\"https://a/1.png\",\"link\":\"https://l\","
                + "\"metadata\":{\"k\":1},\"tags\":[\"a\"]}");

        ApiClient.Response response = api.put("/users/u1",
                "{\"uid\":\"u1\",\"name\":\"Uno\",\"statusMessage\":\"hi\",\"unset\":[\"avatar\",\"metadata\",\"tags\"]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("name").asString()).isEqualTo("Uno");
        assertThat(response.data().path("statusMessage").asString()).isEqualTo("hi");
        assertThat(response.data().path("link").asString()).isEqualTo("https://l");
        assertThat(response.data().has("avatar")).isFalse();
        assertThat(response.data().has("metadata")).isFalse();
        assertThat(response.data().has("tags")).isFalse();
        assertThat(response.data().path("updatedAt").isIntegralNumber()).isTrue();
        EmulatedUser stored = emulator.user("u1").orElseThrow();
        assertThat(stored.name()).isEqualTo("Uno");
        assertThat(stored.avatar()).isNull();
        assertThat(stored.metadata()).isNull();
        assertThat(stored.tags()).isEmpty();
    }

    @Test
    void updateUserWhenUnsetNamesUnknownFieldThenBadRequest() {
        createUser("u1");

        ApiClient.Response response = api.put("/users/u1", "{\"unset\":[\"uid\"]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").has("unset.0")).isTrue();
    }

    @Test
    void updateUserWhenUnknownThenNotFoundUidNotFound() {
        ApiClient.Response response = api.put("/users/nobody", "{\"name\":\"x\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void deleteUserWhenPermanentThenGoneWithTokensAndUidFreeAgain() {
        createUser("u1");
        String token = mintToken("u1");

        ApiClient.Response response = api.delete("/users/u1", "{\"permanent\":true}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("success").asBoolean()).isTrue();
        assertThat(response.data().path("message").asString())
            .isEqualTo("User with UID u1 has been deleted successfully.");
        assertThat(emulator.userExists("u1")).isFalse();
        assertThat(emulator.user("u1")).isEmpty();
        assertThat(emulator.isTokenValid("u1", token)).isFalse();
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(createUser("u1").status()).isEqualTo(200);
        assertThat(emulator.activeTokens("u1")).isEmpty();
    }

    @Test
    void deleteUserWhenNotPermanentThenDeactivatedButUidStaysTaken() {
        createUser("u1");
        String token = mintToken("u1");

        ApiClient.Response response = api.delete("/users/u1", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(emulator.userExists("u1")).isFalse();
        assertThat(emulator.user("u1")).hasValueSatisfying((user) -> assertThat(user.deactivated()).isTrue());
        assertThat(emulator.isTokenValid("u1", token)).isFalse();
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(api.post("/users/u1/auth_tokens", "{}").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(api.get("/users/u1/auth_tokens").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(createUser("u1").errorCode()).isEqualTo("ERR_UID_ALREADY_EXISTS");
        assertThat(api.delete("/users/u1", "{\"permanent\":false}").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(api.delete("/users/u1", "{\"permanent\":true}").status()).isEqualTo(200);
        assertThat(createUser("u1").status()).isEqualTo(200);
    }

    @Test
    void deleteUserWhenUnknownThenNotFoundUidNotFound() {
        ApiClient.Response response = api.delete("/users/nobody", "{\"permanent\":true}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void requestWhenBodyIsEmptyJsonArrayThenTreatedAsNoFields() {
        createUser("u1");

        // PHP clients send "[]" for "no body"; the live API accepts it.
        ApiClient.Response response = api.send("GET", "/users/u1", "[]");

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.post("/users/u1/auth_tokens", "[]").status()).isEqualTo(200);
    }
}
