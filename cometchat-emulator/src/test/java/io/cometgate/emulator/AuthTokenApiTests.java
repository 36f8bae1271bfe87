package io.cometgate.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth-token part of the API over real HTTP: format, no cap (and the cap knob), listing by age, lookup, update,
 * deletion, flush.
 */
class AuthTokenApiTests extends EmulatorTestSupport {

    @Test
    void createAuthTokenWhenUserExistsThenOkWithLiveFormat() {
        createUser("user_000");
        long before = Instant.now().getEpochSecond();

        ApiClient.Response response = api.post("/users/user_000/auth_tokens", "{}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("uid").asString()).isEqualTo("user_000");
        String token = response.data().path("authToken").asString();
        long createdAt = response.data().path("createdAt").asLong();
        assertThat(token).matches("user_000_\\d{10}[0-9a-f]{30}");
        assertThat(token).startsWith("user_000_" + createdAt);
        assertThat(createdAt).isBetween(before, Instant.now().getEpochSecond());
        assertThat(emulator.isTokenValid("user_000", token)).isTrue();
    }

    @Test
    void createAuthTokenWhenForceOrNoBodyThenAlwaysANewToken() {
        createUser("u1");

        String first = api.post("/users/u1/auth_tokens", "{\"force\":true}").data().path("authToken").asString();
        String second = api.post("/users/u1/auth_tokens", null).data().path("authToken").asString();
        String third = api.post("/users/u1/auth_tokens", "{}").data().path("authToken").asString();

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
        assertThat(emulator.activeTokens("u1")).containsExactly(third, second, first);
    }

    @Test
    void createAuthTokenWhenUserUnknownThenNotFoundUidNotFound() {
        ApiClient.Response response = api.post("/users/nobody/auth_tokens", "{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void createAuthTokenWhenMoreThanTwoHundredThenAllStayValidAndListed() {
        // No cap by default: a recorded live listing showed 200 tokens of one user (cometchat-rest-v3.md).
        createUser("u1");
        List<String> minted = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            minted.add(mintToken("u1"));
        }

        assertThat(emulator.isTokenValid("u1", minted.get(0))).isTrue();
        assertThat(emulator.activeTokens("u1")).hasSize(201);
        assertThat(api.get("/users/u1/auth_tokens/" + minted.get(0)).status()).isEqualTo(200);
        ApiClient.Response list = api.get("/users/u1/auth_tokens?perPage=50&page=5");
        assertThat(list.body().path("meta").path("pagination").path("total").asInt()).isEqualTo(201);
        assertThat(list.body().path("meta").path("pagination").path("total_pages").asInt()).isEqualTo(5);
        assertThat(list.data()).hasSize(1);
    }

    @Test
    void createAuthTokenWhenTokenCapSetThenOldestEvicted() {
        emulator.tokenCap(3);
        createUser("u1");
        List<String> minted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            minted.add(mintToken("u1"));
        }

        assertThat(emulator.isTokenValid("u1", minted.get(0))).isFalse();
        assertThat(emulator.activeTokens("u1")).containsExactly(minted.get(3), minted.get(2), minted.get(1));
        assertThat(api.get("/users/u1/auth_tokens/" + minted.get(0)).errorCode())
            .isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
    }

    @Test
    void updateAuthTokenWhenExistsThenOkAndTokenUnchanged() {
        createUser("u1");
        ApiClient.Response minted = api.post("/users/u1/auth_tokens", "{}");
        String token = minted.data().path("authToken").asString();

        ApiClient.Response response = api.put("/users/u1/auth_tokens/" + token, "{}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data()).isEqualTo(minted.data());
        assertThat(emulator.activeTokens("u1")).containsExactly(token);
        assertThat(emulator.calls(Operation.UPDATE_AUTH_TOKEN)).isEqualTo(1);
    }

    @Test
    void updateAuthTokenWhenUnknownTokenOrUserThenNotFound() {
        createUser("u1");

        assertThat(api.put("/users/u1/auth_tokens/u1_nope", "{}").errorCode()).isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
        assertThat(api.put("/users/ghost/auth_tokens/x", "{}").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void listAuthTokensWhenTokensAgedThenNewestFirstByCreatedAt() {
        createUser("u1");
        String a = mintToken("u1");
        String b = mintToken("u1");
        String c = mintToken("u1");
        Instant now = Instant.now();
        emulator.tokenCreatedAt("u1", a, now.minusSeconds(86_400))
            .tokenCreatedAt("u1", b, now.minusSeconds(10 * 86_400))
            .tokenCreatedAt("u1", c, now.minusSeconds(5 * 86_400));

        ApiClient.Response list = api.get("/users/u1/auth_tokens");

        assertThat(list.data().findValuesAsString("authToken")).containsExactly(a, c, b);
        assertThat(list.data().get(2).path("createdAt").asLong()).isEqualTo(now.getEpochSecond() - 10 * 86_400);
        assertThat(emulator.activeTokens("u1")).containsExactly(a, c, b);
        assertThat(api.get("/users/u1/auth_tokens/" + b).data().path("createdAt").asLong())
            .isEqualTo(now.getEpochSecond() - 10 * 86_400);
    }

    @Test
    void tokenCreatedAtWhenUnknownThenIllegalArgumentWithoutTheToken() {
        createUser("u1");

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> emulator.tokenCreatedAt("u1", "u1_secret-value", Instant.now()))
            .withMessageNotContaining("secret-value");
    }

    @Test
    void listAuthTokensWhenPagedThenNewestFirstWithPagination() {
        createUser("u1");
        List<String> minted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            minted.add(mintToken("u1"));
        }

        ApiClient.Response first = api.get("/users/u1/auth_tokens?perPage=3&page=1");
        ApiClient.Response last = api.get("/users/u1/auth_tokens?perPage=3&page=3");
        ApiClient.Response beyond = api.get("/users/u1/auth_tokens?perPage=3&page=4");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().size()).isEqualTo(3);
        assertThat(first.data().get(0).path("authToken").asString()).isEqualTo(minted.get(6));
        assertThat(first.data().get(0).path("uid").asString()).isEqualTo("u1");
        assertThat(first.data().get(0).path("createdAt").isIntegralNumber()).isTrue();
        assertThat(first.data().get(2).path("authToken").asString()).isEqualTo(minted.get(4));
        assertThat(first.body().path("meta").path("pagination").toString())
            .isEqualTo("{\"total\":7,\"count\":3,\"per_page\":3,\"current_page\":1,\"total_pages\":3}");
        assertThat(last.data().size()).isEqualTo(1);
        assertThat(last.data().get(0).path("authToken").asString()).isEqualTo(minted.get(0));
        assertThat(beyond.data().size()).isZero();
        assertThat(beyond.body().path("meta").path("pagination").path("count").asInt()).isZero();
    }

    @Test
    void listAuthTokensWhenNoParametersThenDefaultsPerPageHundredPageOne() {
        createUser("u1");

        ApiClient.Response response = api.get("/users/u1/auth_tokens");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().isArray()).isTrue();
        assertThat(response.body().path("meta").path("pagination").toString())
            .isEqualTo("{\"total\":0,\"count\":0,\"per_page\":100,\"current_page\":1,\"total_pages\":1}");
    }

    @Test
    void listAuthTokensWhenPerPageInvalidThenBadRequest() {
        createUser("u1");

        ApiClient.Response notNumber = api.get("/users/u1/auth_tokens?perPage=abc");
        ApiClient.Response zero = api.get("/users/u1/auth_tokens?page=0");

        assertThat(notNumber.status()).isEqualTo(400);
        assertThat(notNumber.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(notNumber.error().path("details").has("perPage")).isTrue();
        assertThat(zero.errorCode()).isEqualTo("ERR_BAD_REQUEST");
    }

    @Test
    void getAuthTokenWhenExistsThenTokenObject() {
        createUser("u1");
        String token = mintToken("u1");

        ApiClient.Response response = api.get("/users/u1/auth_tokens/" + token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("authToken").asString()).isEqualTo(token);
        assertThat(response.data().path("uid").asString()).isEqualTo("u1");
    }

    @Test
    void getAuthTokenWhenUnknownOrOtherUsersThenNotFoundAuthTokenNotFound() {
        createUser("u1");
        createUser("u2");
        String othersToken = mintToken("u2");

        ApiClient.Response unknown = api.get("/users/u1/auth_tokens/u1_1693890497" + "0".repeat(30));
        ApiClient.Response others = api.get("/users/u1/auth_tokens/" + othersToken);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
        assertThat(unknown.error().path("message").asString()).isEqualTo("Auth token does not exist.");
        assertThat(others.errorCode()).isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
    }

    @Test
    void deleteAuthTokenWhenExistsThenOkAndTokenInvalid() {
        createUser("u1");
        String kept = mintToken("u1");
        String deleted = mintToken("u1");

        ApiClient.Response response = api.delete("/users/u1/auth_tokens/" + deleted, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("success").asBoolean()).isTrue();
        assertThat(response.data().path("message").asString()).isEqualTo("Auth Token deleted successfully.");
        assertThat(emulator.isTokenValid("u1", deleted)).isFalse();
        assertThat(emulator.activeTokens("u1")).containsExactly(kept);
        assertThat(api.delete("/users/u1/auth_tokens/" + deleted, null).errorCode())
            .isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
    }

    @Test
    void flushAuthTokensWhenUserHasTokensThenAllInvalid() {
        createUser("u1");
        String first = mintToken("u1");
        String second = mintToken("u1");

        ApiClient.Response response = api.delete("/users/u1/auth_tokens", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("message").asString())
            .isEqualTo("Cleared Auth Tokens successfully for uid u1.");
        assertThat(emulator.isTokenValid("u1", first)).isFalse();
        assertThat(emulator.isTokenValid("u1", second)).isFalse();
        assertThat(emulator.activeTokens("u1")).isEmpty();
        assertThat(emulator.userExists("u1")).isTrue();
    }

    @Test
    void flushAuthTokensWhenUserUnknownThenNotFoundUidNotFound() {
        assertThat(api.delete("/users/nobody/auth_tokens", null).errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }
}
