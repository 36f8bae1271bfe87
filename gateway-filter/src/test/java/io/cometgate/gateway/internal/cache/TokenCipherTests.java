package io.cometgate.gateway.internal.cache;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenCipherTests {

    private static final String OLD_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static final String NEW_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private static final String TOKEN = "1795316799:alice_1795316799c4bde7a63689fb02bc1d8daadfbad5";

    @Test
    void encryptThenDecryptWithTheSameDataThenPlaintext() {
        TokenCipher cipher = new TokenCipher(NEW_KEY, List.of());
        String value = cipher.encrypt(TOKEN, "app\u0000alice");
        assertThat(value).startsWith("v1.").doesNotContain("alice_").doesNotContain("c4bde7a63689");
        assertThat(cipher.decrypt(value, "app\u0000alice")).contains(TOKEN);
    }

    @Test
    void encryptTwiceThenDifferentValues() {
        TokenCipher cipher = new TokenCipher(NEW_KEY, List.of());
        assertThat(cipher.encrypt(TOKEN, "a")).isNotEqualTo(cipher.encrypt(TOKEN, "a"));
    }

    @Test
    void decryptWhenValueMovedToAnotherUserThenEmpty() {
        TokenCipher cipher = new TokenCipher(NEW_KEY, List.of());
        String value = cipher.encrypt(TOKEN, "app\u0000alice");
        assertThat(cipher.decrypt(value, "app\u0000mallory")).isEmpty();
    }

    @Test
    void decryptWhenTamperedOrMalformedThenEmpty() {
        TokenCipher cipher = new TokenCipher(NEW_KEY, List.of());
        String value = cipher.encrypt(TOKEN, "a");
        // A character in the middle: the last one of unpadded base64 may carry only ignored bits.
        int middle = value.length() - 10;
        String tampered = value.substring(0, middle) + ((value.charAt(middle) == 'A') ? 'B' : 'A')
                + value.substring(middle + 1);
        assertThat(cipher.decrypt(tampered, "a")).isEmpty();
        assertThat(cipher.decrypt("garbage", "a")).isEmpty();
        assertThat(cipher.decrypt("v1.00000000.AAAA", "a")).isEmpty();
        assertThat(cipher.decrypt("v2." + value.substring(3), "a")).isEmpty();
    }

    @Test
    void decryptWhenKeyRotatedThenOldValuesStillReadWhileOldKeyIsListed() {
        String underOldKey = new TokenCipher(OLD_KEY, List.of()).encrypt(TOKEN, "a");

        assertThat(new TokenCipher(NEW_KEY, List.of(OLD_KEY)).decrypt(underOldKey, "a")).contains(TOKEN);
        assertThat(new TokenCipher(NEW_KEY, List.of()).decrypt(underOldKey, "a")).isEmpty();
    }

    @Test
    void constructorWhenKeyMissingOrWrongSizeThenMessageNamesThePropertyAndHowToMakeOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenCipher(null, List.of()))
            .withMessageContaining("cometchat.token-cache.encryption-key").withMessageContaining("openssl rand -base64 32");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new TokenCipher(Base64.getEncoder().encodeToString(new byte[16]), List.of()))
            .withMessageContaining("256 bits");
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenCipher("not base64!", List.of()))
            .withMessageNotContaining("not base64!");
    }

}
