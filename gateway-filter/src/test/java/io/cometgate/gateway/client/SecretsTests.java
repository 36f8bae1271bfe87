package io.cometgate.gateway.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

    @Test
    void maskWhenLongSecretThenOnlyItsLastFourCharacters() {
        assertThat(Secrets.mask("abcde0123456789012345678vwxyz")).isEqualTo("*****wxyz");
        assertThat(Secrets.mask("0123456789abcdef")).isEqualTo("*****cdef");
    }

    @Test
    void maskWhenShortOrEmptyThenNothingShown() {
        assertThat(Secrets.mask("short-secret")).isEqualTo("*****");
        assertThat(Secrets.mask("0123456789abcde")).isEqualTo("*****");
        assertThat(Secrets.mask(null)).isEqualTo("<empty>");
    }

    @Test
    void appToStringNeverShowsTheKey() {
        String key = "0123456789abcdef0123456789abcdef01234567";
        CometChatApp app = CometChatApp.of("app1", "eu", key, null);
        assertThat(app.toString()).doesNotContain(key).contains("*****4567").doesNotContain("01234");
        assertThat(app.baseUrl()).hasToString("https://app1.api-eu.cometchat.io/v3");
        assertThat(new AuthToken("u1", "u1_1693890698abcdefabcdefabcdefabcdefabcdef", 1L).toString())
            .doesNotContain("abcdefabcdefabcdef");
    }

}
