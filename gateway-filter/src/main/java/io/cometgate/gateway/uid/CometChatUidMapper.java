package io.cometgate.gateway.uid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Maps an identity provider's subject to a CometChat UID that is valid, deterministic and collision-free, also
 * across gateways that share one CometChat app with different prefixes.
 * <p>
 * CometChat UIDs are lowercase {@code [a-z0-9_-]{1,100}} and CometChat lowercases them on create. Subjects often are
 * not: Auth0's {@code auth0|abc} has a {@code |}, Firebase UIDs are case-sensitive ({@code AbC} and {@code abc} are two
 * users), emails have {@code @}, some subjects are longer than 100 characters. The scheme:
 * <pre>
 * uid  = body                       (no prefix)
 *      | prefix + "__" + body       (a prefix: [a-z0-9_-], no "__" inside, not ending in "_")
 * body = subject                    when the subject is a valid UID without "__" (and the whole UID fits in 100)
 *      | "__" + slug + "_" + hash   otherwise
 * </pre>
 * {@code slug} is the subject lowercased with every character outside {@code [a-z0-9]} replaced by {@code -}, cut to
 * {@value #SLUG_LENGTH} characters (for people reading the CometChat dashboard; it plays no part in uniqueness), and
 * {@code hash} is the first {@value #HASH_LENGTH} characters of the lowercase base32 of SHA-256 over the subject's
 * UTF-8 bytes (160 bits).
 * <p>
 * Why no two (prefix, subject) pairs share a UID:
 * <ul>
 * <li>The prefix can be read back from the UID. Without a prefix, a UID either contains no {@code __} (an unchanged
 * subject) or starts with it (a mapped one). With a prefix, the UID contains {@code __} but does not start with it (a
 * prefix is not empty and contains no {@code __}), so the two kinds never meet; and since a prefix neither contains
 * {@code __} nor ends in {@code _}, the first {@code __} of the UID is exactly where the prefix ends. So
 * {@code shop} and {@code shop_eu}, or {@code shop} and none, cannot produce the same UID.</li>
 * <li>With the prefix known, the body is known: an unchanged body contains no {@code __}, a mapped one starts with
 * it. Unchanged bodies are the subject itself; mapped bodies end in the subject's hash, and differ unless SHA-256
 * truncated to 160 bits collides, which no one has ever exhibited (a birthday search would need about 2^80
 * subjects). Case is preserved by the hash, so {@code AbC} and {@code abC} map apart, and neither can land on
 * {@code abc}, which is used unchanged.</li>
 * </ul>
 * {@code CometChatUidMapperPropertyTests} checks this with generated adversarial pairs (a prefix that begins another,
 * a subject equal to another configuration's UID, runs of {@code _} and {@code -}, case variants, unicode, long).
 */
public final class CometChatUidMapper {

    /** Mapped bodies start with this, and separate a prefix from the body; unchanged subjects never contain it. */
    public static final String MAPPED_MARKER = "__";

    /** Between a prefix and the body. */
    public static final String PREFIX_SEPARATOR = "__";

    /** The longest UID CometChat accepts. */
    public static final int MAX_UID_LENGTH = 100;

    static final int SLUG_LENGTH = 40;

    static final int HASH_LENGTH = 32;

    /** The longest prefix that still leaves room for any mapped UID. */
    public static final int MAX_PREFIX_LENGTH = MAX_UID_LENGTH - PREFIX_SEPARATOR.length() - MAPPED_MARKER.length()
            - SLUG_LENGTH - 1 - HASH_LENGTH;

    /** What a valid prefix is, for error messages. */
    public static final String PREFIX_RULE = "lowercase letters, digits, '_' and '-', no '__', not ending in '_', at most "
            + MAX_PREFIX_LENGTH + " characters (the gateway adds the separator '__' itself: write 'shop', not 'shop_')";

    private static final Pattern VALID_UID = Pattern.compile("[a-z0-9_-]{1," + MAX_UID_LENGTH + "}");

    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9_-]{0," + MAX_PREFIX_LENGTH + "}");

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final String prefixAndSeparator;

    /**
     * @param prefix the prefix of every UID, for example to keep several gateways' users apart in one CometChat app;
     * see {@link #PREFIX_RULE}; empty or {@code null} for none
     */
    public CometChatUidMapper(String prefix) {
        String p = (prefix != null) ? prefix : "";
        Assert.isTrue(isValidPrefix(p), () -> "The UID prefix '" + p + "' is not valid: use " + PREFIX_RULE);
        this.prefixAndSeparator = p.isEmpty() ? "" : p + PREFIX_SEPARATOR;
    }

    /** Whether a string can prefix every UID (see {@link #PREFIX_RULE}); the empty string is valid. */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && VALID_PREFIX.matcher(prefix).matches() && !prefix.contains(PREFIX_SEPARATOR)
                && !prefix.endsWith("_");
    }

    /** Whether a string is a valid CometChat UID. */
    public static boolean isValidUid(String uid) {
        return uid != null && VALID_UID.matcher(uid).matches();
    }

    /**
     * The CometChat UID of a subject.
     * @param subject the identity provider's subject; not empty
     * @return a valid UID, the same for the same subject and prefix, different for different subjects or prefixes
     */
    public String toUid(String subject) {
        Assert.hasLength(subject, "subject cannot be empty");
        String unchanged = this.prefixAndSeparator + subject;
        if (!subject.contains(MAPPED_MARKER) && isValidUid(unchanged)) {
            return unchanged;
        }
        return this.prefixAndSeparator + MAPPED_MARKER + slug(subject) + "_" + hash(subject);
    }

    private static String slug(String subject) {
        String lower = subject.toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder(SLUG_LENGTH);
        for (int i = 0; i < lower.length() && slug.length() < SLUG_LENGTH; i++) {
            char c = lower.charAt(i);
            slug.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
        }
        return slug.toString();
    }

    private static String hash(String subject) {
        byte[] digest = sha256(subject.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(HASH_LENGTH);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < HASH_LENGTH; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < HASH_LENGTH) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform provides SHA-256", ex);
        }
    }

}
