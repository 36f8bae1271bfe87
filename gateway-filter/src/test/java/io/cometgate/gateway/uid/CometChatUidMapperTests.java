package io.cometgate.gateway.uid;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CometChatUidMapperTests {

    private final CometChatUidMapper mapper = new CometChatUidMapper("");

    @Test
    void toUidWhenSubjectIsValidThenUnchanged() {
        assertThat(this.mapper.toUid("user_1-a")).isEqualTo("user_1-a");
        assertThat(this.mapper.toUid("3f2c9a52-1c1e-4b5e-9a4e-0c1f8e2f4d11")).isEqualTo("3f2c9a52-1c1e-4b5e-9a4e-0c1f8e2f4d11");
        String hundred = "a".repeat(100);
        assertThat(this.mapper.toUid(hundred)).isEqualTo(hundred);
    }

    @Test
    void toUidWhenAuth0SubjectThenValidReadableAndMarked() {
        String uid = this.mapper.toUid("auth0|65f1a2b3c4");
        assertThat(CometChatUidMapper.isValidUid(uid)).isTrue();
        assertThat(uid).startsWith("__auth0-65f1a2b3c4_");
    }

    @Test
    void toUidWhenSubjectsDifferOnlyInCaseThenDifferentUids() {
        String upper = this.mapper.toUid("AbC");
        String mixed = this.mapper.toUid("abC");
        String lower = this.mapper.toUid("abc");
        assertThat(Set.of(upper, mixed, lower)).hasSize(3);
        assertThat(lower).isEqualTo("abc");
        assertThat(upper).startsWith("__abc_").isNotEqualTo(mixed);
    }

    @Test
    void toUidWhenSubjectIsDeterministicThenSameUid() {
        assertThat(this.mapper.toUid("Alice@Example.com")).isEqualTo(this.mapper.toUid("Alice@Example.com"));
    }

    @Test
    void toUidWhenEmailNonAsciiOrLongThenValid() {
        for (String subject : List.of("alice@example.com", "ユーザー", "émile", "x".repeat(101), "A".repeat(5000),
                "with space", "tab\tand\nnewline", "user_2NNEqL2nrIRdJ194ndJqAHwEfxC")) {
            String uid = this.mapper.toUid(subject);
            assertThat(CometChatUidMapper.isValidUid(uid)).as(subject).isTrue();
            assertThat(uid.length()).isLessThanOrEqualTo(CometChatUidMapper.MAX_UID_LENGTH);
        }
    }

    @Test
    void toUidWhenValidSubjectStartsWithMarkerThenMappedSoItCannotImpersonateAMappedUid() {
        String mapped = this.mapper.toUid("AbC");
        // Someone whose subject is literally another user's mapped UID must not become that user.
        assertThat(this.mapper.toUid(mapped)).isNotEqualTo(mapped).startsWith("__");
    }

    @Test
    void toUidWhenLongSubjectsShareTheirFirstHundredCharactersThenDifferentUids() {
        String common = "a".repeat(100);
        assertThat(this.mapper.toUid(common + "1")).isNotEqualTo(this.mapper.toUid(common + "2"));
    }

    @Test
    void toUidWhenManySimilarSubjectsThenNoCollision() {
        Set<String> uids = new HashSet<>();
        int count = 0;
        for (String base : List.of("user", "USER", "User", "uSeR")) {
            for (int i = 0; i < 2500; i++) {
                uids.add(this.mapper.toUid(base + "|" + i));
                uids.add(this.mapper.toUid(base + i));
                count += 2;
            }
        }
        assertThat(uids).hasSize(count);
    }

    @Test
    void toUidWhenPrefixThenPrependedWithSeparatorToBothForms() {
        CometChatUidMapper prefixed = new CometChatUidMapper("shop");
        assertThat(prefixed.toUid("abc")).isEqualTo("shop__abc");
        assertThat(prefixed.toUid("AbC")).startsWith("shop____abc_");
        assertThat(prefixed.toUid("a".repeat(100))).startsWith("shop____").hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void toUidWhenSubjectEqualsAnotherGatewaysUidThenDifferentUser() {
        // Issue 8: a gateway without a prefix must not hand out the users of a gateway with one, nor the reverse.
        String shopAlice = new CometChatUidMapper("shop").toUid("alice");
        assertThat(this.mapper.toUid(shopAlice)).isNotEqualTo(shopAlice);
        assertThat(this.mapper.toUid("shop_alice")).isEqualTo("shop_alice").isNotEqualTo(shopAlice);
        // One prefix beginning another.
        String euAlice = new CometChatUidMapper("shop_eu").toUid("alice");
        assertThat(new CometChatUidMapper("shop").toUid("eu__alice")).isNotEqualTo(euAlice);
        assertThat(new CometChatUidMapper("shop").toUid("_eu__alice")).isNotEqualTo(euAlice);
    }

    @Test
    void toUidWhenValidSubjectContainsDoubleUnderscoreThenMapped() {
        assertThat(this.mapper.toUid("a__b")).startsWith("__a--b_");
        assertThat(this.mapper.toUid("a_b")).isEqualTo("a_b");
        assertThat(this.mapper.toUid("_a-b")).isEqualTo("_a-b");
    }

    @Test
    void constructorWhenPrefixInvalidThenException() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CometChatUidMapper("Shop|"))
            .withMessageContaining("prefix");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new CometChatUidMapper("p".repeat(CometChatUidMapper.MAX_PREFIX_LENGTH + 1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new CometChatUidMapper("shop_"))
            .withMessageContaining("write 'shop', not 'shop_'");
        assertThatIllegalArgumentException().isThrownBy(() -> new CometChatUidMapper("shop__eu"));
        assertThat(CometChatUidMapper.isValidPrefix("shop_eu-1")).isTrue();
        assertThat(CometChatUidMapper.isValidPrefix("")).isTrue();
    }

    @Test
    void isValidUidFollowsCometChatRules() {
        assertThat(CometChatUidMapper.isValidUid("a")).isTrue();
        assertThat(CometChatUidMapper.isValidUid("")).isFalse();
        assertThat(CometChatUidMapper.isValidUid("A")).isFalse();
        assertThat(CometChatUidMapper.isValidUid("a".repeat(101))).isFalse();
        assertThat(CometChatUidMapper.isValidUid("a b")).isFalse();
    }

}
