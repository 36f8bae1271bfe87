package io.cometgate.gateway.uid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UID mapping is injective over (prefix, subject): two gateways sharing one CometChat app, whatever their
 * prefixes (the empty one included), never give two different callers the same CometChat user.
 * <p>
 * Random pairs almost never collide by chance, so the rival of each configuration is built the way an attacker
 * would: a prefix that is a beginning of the victim's prefix or UID (or an extension of it), and a subject equal to
 * the victim's UID less that prefix, a case variant of the victim's subject, or its {@code _}/{@code -} runs
 * reshuffled. Against the 0.1 mapping this finds {@code ("shop_", "alice")} and {@code ("", "shop_alice")} within
 * a few tries.
 */
class CometChatUidMapperPropertyTests {

    /** One gateway's configuration and one of its callers. */
    record Configuration(String prefix, String subject) {

        String uid() {
            return new CometChatUidMapper(this.prefix).toUid(this.subject);
        }

    }

    @Property(tries = 5000)
    void toUidWhenConfigurationsDifferThenUidsDiffer(@ForAll("victimsAndRivals") Tuple2<Configuration, Configuration> pair) {
        Configuration victim = pair.get1();
        Configuration rival = pair.get2();
        if (!victim.equals(rival)) {
            assertThat(rival.uid()).as("%s and %s share a UID", victim, rival).isNotEqualTo(victim.uid());
        }
    }

    @Property(tries = 3000)
    void toUidWhenAnyConfigurationThenValidCometChatUid(@ForAll("configurations") Configuration configuration) {
        assertThat(CometChatUidMapper.isValidUid(configuration.uid())).as("%s", configuration).isTrue();
    }

    @Provide
    Arbitrary<Tuple2<Configuration, Configuration>> victimsAndRivals() {
        return configurations().flatMap((victim) -> rivalOf(victim).map((rival) -> Tuple.of(victim, rival)));
    }

    @Provide
    Arbitrary<Configuration> configurations() {
        return Combinators.combine(prefixes(), subjects()).as(Configuration::new);
    }

    private Arbitrary<Configuration> rivalOf(Configuration victim) {
        String uid = victim.uid();
        List<String> nearPrefixes = new ArrayList<>();
        for (String source : List.of(victim.prefix(), uid)) {
            for (int i = 0; i <= source.length(); i++) {
                nearPrefixes.add(source.substring(0, i));
            }
        }
        for (String extension : List.of("_", "-", "_eu", "eu", "__", "_eu_")) {
            nearPrefixes.add(victim.prefix() + extension);
        }
        List<String> validNearPrefixes = nearPrefixes.stream().filter(CometChatUidMapper::isValidPrefix).toList();
        Arbitrary<String> rivalPrefix = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(validNearPrefixes)),
                Tuple.of(1, prefixes()));
        return rivalPrefix.flatMap((prefix) -> rivalSubject(victim, uid, prefix).map((s) -> new Configuration(prefix, s)));
    }

    private Arbitrary<String> rivalSubject(Configuration victim, String uid, String rivalPrefix) {
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
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(forged)), Tuple.of(1, subjects()));
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
    private Arbitrary<String> prefixes() {
        Arbitrary<String> pieces = Arbitraries.of("shop", "eu", "a", "b", "0", "_", "__", "-");
        Arbitrary<String> joined = pieces.list().ofMaxSize(6).map((list) -> String.join("", list));
        Arbitrary<String> random = Arbitraries.strings().withChars("ab0_-").ofMaxLength(CometChatUidMapper.MAX_UID_LENGTH);
        return Arbitraries.oneOf(joined, random, Arbitraries.just("")).filter(CometChatUidMapper::isValidPrefix);
    }

    /** Subjects of every family: valid UIDs, runs of {@code _} and {@code -}, case variants, unicode, long. */
    private Arbitrary<String> subjects() {
        Arbitrary<String> pieces = Arbitraries.of("alice", "Alice", "shop", "eu", "a", "A", "0", "_", "__", "-", "--",
                "|", "@", "é", "ユ", "\u200b", " ", "\n", "𝔸");
        Arbitrary<String> joined = pieces.list().ofMinSize(1).ofMaxSize(8).map((list) -> String.join("", list));
        Arbitrary<String> uidLike = Arbitraries.strings().withChars("abz09_-").ofMinLength(1).ofMaxLength(110);
        Arbitrary<String> long_ = Arbitraries.strings().withChars("aA_-").ofMinLength(90).ofMaxLength(300);
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60);
        return Arbitraries.oneOf(joined, uidLike, long_, anyUnicode).filter((s) -> !s.isEmpty());
    }

}
