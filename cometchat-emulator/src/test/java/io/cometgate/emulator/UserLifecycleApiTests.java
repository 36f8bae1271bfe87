package io.cometgate.emulator;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deactivation and reactivation (one user and in bulk), the plan quota, avatar validation and the user listing,
 * over real HTTP, as {@code cometchat-rest-v3.md} ("Users") describes them.
 */
class UserLifecycleApiTests extends EmulatorTestSupport {

    private static String uidArray(String field, List<String> uids) {
        return "{\"" + field + "\":[" + uids.stream().map((uid) -> "\"" + uid + "\"").collect(Collectors.joining(","))
                + "]}";
    }

    // ---- deactivation ----

    @Test
    void deleteUserWhenPermanentAbsentThenUpdateAndMintAnswerUidNotFound() {
        createUser("u1");

        api.delete("/users/u1", "{}");

        assertThat(api.put("/users/u1", "{\"name\":\"New\"}").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(api.put("/users/u1", "{\"name\":\"New\"}").status()).isEqualTo(404);
        assertThat(api.post("/users/u1/auth_tokens", "{}").status()).isEqualTo(404);
        assertThat(createUser("u1").status()).isEqualTo(400);
    }

    @Test
    void deactivateUsersWhenSomeActiveThenDeactivatedAndOthersListedApart() {
        createUser("u1");
        createUser("u2");
        createUser("u3");
        api.delete("/users/u3", null);

        ApiClient.Response response = api.delete("/users", uidArray("uidsToDeactivate", List.of("u1", "u2", "u3",
                "ghost")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("deactivatedUids").toString()).isEqualTo("[\"u1\",\"u2\"]");
        assertThat(response.data().path("nonActiveUids").toString()).isEqualTo("[\"u3\",\"ghost\"]");
        assertThat(emulator.userExists("u1")).isFalse();
        assertThat(api.get("/users/u2").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(createUser("u1").errorCode()).isEqualTo("ERR_UID_ALREADY_EXISTS");
        assertThat(emulator.calls(Operation.DEACTIVATE_USERS)).isEqualTo(1);
    }

    @Test
    void activateUsersWhenDeactivatedThenActiveAgainWithTheirTokens() {
        createUser("u1");
        createUser("u2");
        String token = mintToken("u1");
        api.delete("/users/u1", "{\"permanent\":false}");
        assertThat(emulator.isTokenValid("u1", token)).isFalse();

        ApiClient.Response response = api.put("/users", uidArray("uidsToActivate", List.of("u1", "u2", "ghost")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("activatedUids").toString()).isEqualTo("[\"u1\"]");
        assertThat(response.data().path("nonDeactivatedUids").toString()).isEqualTo("[\"u2\",\"ghost\"]");
        assertThat(emulator.isTokenValid("u1", token)).isTrue();
        assertThat(api.get("/users/u1/auth_tokens/" + token).status()).isEqualTo(200);
        assertThat(api.get("/users/u1").status()).isEqualTo(200);
        assertThat(api.post("/users/u1/auth_tokens", "{}").status()).isEqualTo(200);
        assertThat(emulator.user("u1").orElseThrow().deactivated()).isFalse();
        assertThat(emulator.calls(Operation.ACTIVATE_USERS)).isEqualTo(1);
    }

    @Test
    void activateUsersWhenMoreThanTwentyFiveThenBadRequestAndNothingActivated() {
        createUser("u0");
        api.delete("/users/u0", null);
        List<String> uids = IntStream.range(0, 26).mapToObj((i) -> "u" + i).toList();

        ApiClient.Response response = api.put("/users", uidArray("uidsToActivate", uids));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").path("uidsToActivate").get(0).asString())
            .isEqualTo("The uids to activate may not have more than 25 items.");
        assertThat(emulator.userExists("u0")).isFalse();
        assertThat(api.put("/users", uidArray("uidsToActivate", uids.subList(0, 25))).status()).isEqualTo(200);
        assertThat(emulator.userExists("u0")).isTrue();
    }

    @Test
    void activateAndDeactivateUsersWhenFieldMissingOrNotAnArrayThenBadRequest() {
        assertThat(api.put("/users", "{}").error().path("details").has("uidsToActivate")).isTrue();
        assertThat(api.put("/users", "{\"uidsToActivate\":\"u1\"}").errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(api.delete("/users", "{\"uidsToDeactivate\":[1]}").errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(api.delete("/users", null).error().path("details").has("uidsToDeactivate")).isTrue();
    }

    // ---- plan quota ----

    @Test
    void createUserWhenPlanQuotaSpentThenPaymentRequiredPlanQuotaRestriction() {
        emulator.maxUsers(25);
        for (int i = 1; i <= 25; i++) {
            assertThat(createUser("u" + i).status()).isEqualTo(200);
        }

        ApiClient.Response response = createUser("u26");

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.errorCode()).isEqualTo("ERR_PLAN_QUOTA_RESTRICTION");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("10000");
        assertThat(emulator.user("u26")).isEmpty();
        assertThat(api.post("/users/u1/auth_tokens", "{}").status()).isEqualTo(200);
        assertThat(createUser("u1").errorCode()).isEqualTo("ERR_UID_ALREADY_EXISTS");
    }

    @Test
    void createUserWhenQuotaSpentThenDeactivatedUsersCountAndPermanentDeleteFreesAPlace() {
        emulator.maxUsers(2);
        createUser("u1");
        createUser("u2");
        api.delete("/users/u1", null);

        assertThat(createUser("u3").errorCode()).isEqualTo("ERR_PLAN_QUOTA_RESTRICTION");
        api.delete("/users/u1", "{\"permanent\":true}");
        assertThat(createUser("u3").status()).isEqualTo(200);
        assertThat(createUser("u4").status()).isEqualTo(402);
    }

    @Test
    void createUserWhenNoQuotaSetThenNoLimit() {
        for (int i = 0; i < 30; i++) {
            assertThat(createUser("u" + i).status()).isEqualTo(200);
        }
    }

    // ---- avatar ----

    @Test
    void createUserWhenAvatarNotAUrlThenBadRequestWithDetails() {
        ApiClient.Response response = api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\",\"avatar\":\"not a url\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").toString())
            .isEqualTo("{\"avatar\":[\"The avatar must be a valid URL.\"]}");
        assertThat(emulator.user("u1")).isEmpty();
    }

    @Test
    void updateUserWhenAvatarHasNoHostOrOtherSchemeThenBadRequest() {
        createUser("u1");

        assertThat(api.put("/users/u1", "{\"avatar\":\"https://\"}").errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(api.put("/users/u1", "{\"avatar\":\"javascript:alert(1)\"}").errorCode())
            .isEqualTo("ERR_BAD_REQUEST");
        assertThat(api.put("/users/u1", "{\"avatar\":\"/img/a.png\"}").errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(api.put("/users/u1", "{\"avatar\":\"https://cdn.example.com/a.png?s=64\"}").status())
            .isEqualTo(200);
        assertThat(emulator.user("u1").orElseThrow().avatar()).isEqualTo("https://cdn.example.com/a.png?s=64");
    }

    // ---- listing ----

    @Test
    void listUsersWhenPagedThenDataAndMetaWithPaginationAndCursor() {
        for (String uid : List.of("c", "a", "d", "b", "e")) {
            createUser(uid);
        }
        api.delete("/users/e", null);
        assertThat(api.put("/users/c", "{\"link\":\"https://example.com/c\"}").status()).isEqualTo(200);

        ApiClient.Response page = api.get("/users?perPage=2&page=2");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.data().findValuesAsString("uid")).containsExactly("c", "d");
        // Each item as CometChat's recorded list answers have it: these five fields, no updatedAt or link.
        page.data().forEach((item) -> assertThat(item.propertyNames()).containsExactlyInAnyOrder("uid", "name",
                "role", "status", "createdAt"));
        assertThat(page.body().path("meta").path("pagination").toString())
            .isEqualTo("{\"total\":4,\"count\":2,\"per_page\":2,\"current_page\":2,\"total_pages\":2}");
        assertThat(page.body().path("meta").path("cursor").path("updatedAt").isIntegralNumber()).isTrue();
        assertThat(emulator.calls(Operation.LIST_USERS)).isEqualTo(1);
    }

    @Test
    void listUsersWhenNoUsersOrBadPerPageThenEmptyPageOrBadRequest() {
        ApiClient.Response empty = api.get("/users");

        assertThat(empty.data()).isEmpty();
        assertThat(empty.body().path("meta").path("pagination").path("per_page").asInt()).isEqualTo(100);
        assertThat(api.get("/users?perPage=0").errorCode()).isEqualTo("ERR_BAD_REQUEST");
    }
}
