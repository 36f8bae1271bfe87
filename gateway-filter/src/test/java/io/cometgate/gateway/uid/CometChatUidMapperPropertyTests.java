package io.cometgate.gateway.uid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UID mapping is injective over (prefix, subject): two gateways sharing one CometChat app, whatever their
 * prefixes (the empty one included), never give two different callers the same CometChat user.
 * <p>
 * A property test over generated configurations. Random pairs almost never collide by chance, so the rival of each
 * configuration is built the way an attacker would: a prefix that is a beginning of the victim's prefix or UID (or an
 * extension of it), and a subject equal to the victim's UID less that prefix, a case variant of the victim's subject,
 * or its {@code _}/{@code -} runs reshuffled. Against the 0.1 mapping this found {@code ("", "alice")} and
 * {@code ("a", "lice")} within a few tries.
 * <p>
 * The generator is a seeded {@link SplittableRandom}, so a failure is reproduced by its seed (printed in the
 * assertion message; set it with {@code -Dcometgate.property.seed=...}). It is plain JUnit rather than jqwik: jqwik
 * 1.10 asks AI coding agents, which help write this project, not to use it, and we honour its author's wish.
 */
class CometChatUidMapperPropertyTests {

    private static final int TRIES = 20_000;

    private static final long SEED = Long.getLong("cometgate.property.seed", System.nanoTime());

    /** One gateway's configuration and one of its callers. */
    record Configuration(String prefix, String subject) {

        String uid() {
            return new CometChatUidMapper(this.prefix).toUid(this.subject);
        }

    }

    @Test
    void toUidWhenConfigurationsDifferThenUidsDiffer() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Configuration> owners = new HashMap<>();
        for (int i = 0; i < TRIES; i++) {
            Configuration victim = configuration(random);
            Configuration rival = rivalOf(victim, random);
            for (Configuration configuration : List.of(victim, rival)) {
                Configuration owner = owners.putIfAbsent(configuration.uid(), configuration);
                assertThat(owner == null || owner.equals(configuration))
                    .as("seed %d: %s and %s share the UID %s", SEED, owner, configuration, configuration.uid())
                    .isTrue();
            }
        }
    }

    @Test
    void toUidWhenAnyConfigurationThenValidCometChatUid() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            Configuration configuration = configuration(random);
            assertThat(CometChatUidMapper.isValidUid(configuration.uid())).as("seed %d: %s", SEED, configuration)
                .isTrue();
        }
    }

    @Test
    void toUidWhenKnownAttacksThenUidsDiffer() {
        // The collisions the 0.1 mapping had, kept as fixed examples next to the generated ones.
        assertThat(new Configuration("shop", "alice").uid()).isNotEqualTo(new Configuration("", "shop__alice").uid())
            .isNotEqualTo(new Configuration("", "shop_alice").uid());
        assertThat(new Configuration("", "alice").uid()).isNotEqualTo(new Configuration("a", "lice").uid());
        assertThat(new Configuration("shop", "eu__x").uid()).isNotEqualTo(new Configuration("shop-eu", "x").uid())
            .isNotEqualTo(new Configuration("shop", "eu").uid());
    }

    private static Configuration configuration(SplittableRandom random) {
        return new Configuration(prefix(random), subject(random));
    }

    private static Configuration rivalOf(Configuration victim, SplittableRandom random) {
        String uid = victim.uid();
        String prefix = (random.nextInt(5) < 4) ? pick(random, nearPrefixes(victim, uid)) : prefix(random);
        String subject = (random.nextInt(5) < 4) ? pick(random, forgedSubjects(victim, uid, prefix)) : subject(random);
        return new Configuration(prefix, subject);
    }

    private static List<String> nearPrefixes(Configuration victim, String uid) {
        List<String> near = new ArrayList<>();
        for (String source : List.of(victim.prefix(), uid)) {
            for (int i = 0; i <= source.length(); i++) {
                near.add(source.substring(0, i));
            }
        }
        for (String extension : List.of("_", "-", "_eu", "eu", "__", "_eu_")) {
            near.add(victim.prefix() + extension);
        }
        near.removeIf((prefix) -> !CometChatUidMapper.isValidPrefix(prefix));
        return near;
    }

    private static List<String> forgedSubjects(Configuration victim, String uid, String rivalPrefix) {
        List<String> forged = new ArrayList<>();
        forged.add(uid);
        if (uid.startsWith(rivalPrefix) && uid.length() > rivalPrefix.length()) {
            String rest = uid.substring(rivalPrefix.length());
            forged.add(rest);
            forged.add(rest.replaceFirst("^[_-]+", ""));
            forged.add(rest.replaceFirst("^_", ""));
        }
        String subject = victim.subject();
        forged.add(subject.toUpperCase(Locale.ROOT));
        forged.add(subject.toLowerCase(Locale.ROOT));
        forged.add(swapFirstLetterCase(subject));
        forged.add(subject.replace("_", "__"));
        forged.add(subject.replace("__", "_"));
        forged.add(subject.replace("_", "-"));
        forged.add(subject.replace("-", "_"));
        forged.add("_" + subject);
        forged.add("__" + subject);
        forged.add(subject + "_");
        forged.removeIf(String::isEmpty);
        return forged;
    }

    private static String swapFirstLetterCase(String subject) {
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isLetter(c)) {
                char swapped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return subject.substring(0, i) + swapped + subject.substring(i + 1);
            }
        }
        return subject;
    }

    /** Prefixes built from the pieces that make prefixes of each other: words, {@code _}, {@code __}, {@code -}. */
    private static String prefix(SplittableRandom random) {
        while (true) {
            String candidate = switch (random.nextInt(3)) {
                case 0 -> join(random, List.of("shop", "eu", "a", "b", "0", "_", "__", "-"), 0, 6);
                case 1 -> chars(random, "ab0_-", 0, CometChatUidMapper.MAX_PREFIX_LENGTH);
                default -> "";
            };
            if (CometChatUidMapper.isValidPrefix(candidate)) {
                return candidate;
            }
        }
    }

    /** Subjects of every family: valid UIDs, runs of {@code _} and {@code -}, case variants, unicode, long. */
    private static String subject(SplittableRandom random) {
        while (true) {
            String candidate = switch (random.nextInt(4)) {
                case 0 -> join(random, List.of("alice", "Alice", "shop", "eu", "a", "A", "0", "_", "__", "-", "--",
                        "|", "@", "é", "ユ", "\u200b", " ", "\n", "𝔸"), 1, 8);
                case 1 -> chars(random, "abz09_-", 1, 110);
                case 2 -> chars(random, "aA_-", 90, 300);
                default -> anyUnicode(random, 1, 60);
            };
            if (!candidate.isEmpty()) {
                return candidate;
            }
        }
    }

    private static String join(SplittableRandom random, List<String> pieces, int min, int max) {
        StringBuilder joined = new StringBuilder();
        for (int n = random.nextInt(min, max + 1); n > 0; n--) {
            joined.append(pick(random, pieces));
        }
        return joined.toString();
    }

    private static String chars(SplittableRandom random, String alphabet, int min, int max) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(min, max + 1); n > 0; n--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String anyUnicode(SplittableRandom random, int min, int max) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(min, max + 1); n > 0; n--) {
            int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (Character.isDefined(codePoint) && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

}
