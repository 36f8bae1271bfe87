package io.cometgate.gateway.internal.token;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cometgate.gateway.uid.AuthenticatedIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class UserProfileTests {

    private static UserProfile profile(Map<String, Object> claims) {
        return UserProfile.from(new AuthenticatedIdentity("subject", claims), "uid-1");
    }

    @Test
    void fromWhenNameClaimThenName() {
        assertThat(profile(Map.of("name", "Ada Lovelace", "preferred_username", "ada")).name()).isEqualTo("Ada Lovelace");
    }

    @Test
    void fromWhenNoNameThenPreferredUsernameThenEmailLocalPartThenUid() {
        assertThat(profile(Map.of("preferred_username", "ada", "email", "x@y.z")).name()).isEqualTo("ada");
        assertThat(profile(Map.of("email", "ada.l@example.com")).name()).isEqualTo("ada.l");
        assertThat(profile(Map.of("name", "  ")).name()).isEqualTo("uid-1");
    }

    @Test
    void fromWhenNameLongerThanHundredCharactersThenCutWithoutSplittingCharacters() {
        String emoji = "\uD83D\uDE00";
        UserProfile profile = profile(Map.of("name", emoji.repeat(150)));
        assertThat(profile.name().codePointCount(0, profile.name().length())).isEqualTo(100);
        assertThat(profile.name()).isEqualTo(emoji.repeat(100));
    }

    @Test
    void fromWhenPictureIsHttpUrlThenAvatar() {
        assertThat(profile(Map.of("picture", "https://cdn.example.com/a.png")).avatar())
            .isEqualTo("https://cdn.example.com/a.png");
        assertThat(profile(Map.of("picture", "http://cdn.example.com/a.png")).avatar()).isNotNull();
    }

    @Test
    void fromWhenPictureIsNotHttpUrlThenNoAvatar() {
        assertThat(profile(Map.of("picture", "javascript:alert(1)")).avatar()).isNull();
        assertThat(profile(Map.of("picture", "data:image/png;base64,AAAA")).avatar()).isNull();
        assertThat(profile(Map.of("picture", "not a url")).avatar()).isNull();
        assertThat(profile(Map.of("picture", "https://x.example/" + "a".repeat(3000))).avatar()).isNull();
        assertThat(profile(Map.of()).avatar()).isNull();
    }

    @Test
    void fromWhenNameIsNotAStringThenNextFallback() {
        assertThat(profile(Map.of("name", java.util.List.of("a", "b"), "preferred_username", "ada")).name())
            .isEqualTo("ada");
        assertThat(profile(Map.of("name", Map.of("x", 1))).name()).isEqualTo("uid-1");
        assertThat(profile(Map.of("name", 42, "email", "ada@example.com")).name()).isEqualTo("ada");
        assertThat(profile(Map.of("preferred_username", true)).name()).isEqualTo("uid-1");
    }

    @Test
    void fromWhenPictureIsNotAStringThenNoAvatar() {
        assertThat(profile(Map.of("picture", java.util.List.of("https://cdn.example.com/a.png"))).avatar()).isNull();
        assertThat(profile(Map.of("picture", Map.of("url", "https://cdn.example.com/a.png"))).avatar()).isNull();
    }

    @Test
    void fromWhenNameIsOnlyInvisibleCharactersThenTreatedAsBlank() {
        for (String invisible : java.util.List.of("\u200b\u200b", "\u200d", "\u2060\ufeff", " \t\n", "\u0000\u001f",
                "\u3164", "\u115f\u1160", "\u2800", "\u00a0\u2007", "\u202e", "\ufe0f", "\u034f")) {
            assertThat(profile(Map.of("name", invisible, "preferred_username", "ada")).name()).as("%s", invisible)
                .isEqualTo("ada");
        }
        assertThat(profile(Map.of("name", "\u200bAda\u200b")).name()).isEqualTo("\u200bAda\u200b");
        assertThat(profile(Map.of("name", "李")).name()).isEqualTo("李");
        assertThat(profile(Map.of("name", "\uD83D\uDE00")).name()).isEqualTo("\uD83D\uDE00");
    }

}
