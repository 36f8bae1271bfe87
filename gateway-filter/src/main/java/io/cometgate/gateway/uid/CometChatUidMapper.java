package io.cometgate.gateway.uid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Maps an identity provider's subject to a CometChat UID that is valid, deterministic and collision-free.
 * <p>
 * CometChat UIDs are lowercase {@code [a-z0-9_-]{1,100}} and CometChat lowercases them on create. Subjects often are
 * not: Auth0's {@code auth0|abc} has a {@code |}, Firebase UIDs are case-sensitive ({@code AbC} and {@code abc} are two
 * users), emails have {@code @}, some subjects are longer than 100 characters. The scheme:
 * <ol>
 * <li>A subject that is already a valid UID (once the prefix is added) and does not start with {@value #MAPPED_MARKER}
 * is used unchanged: {@code prefix + subject}.</li>
 * <li>Any other subject becomes {@code prefix + "__" + slug + "_" + hash}, where {@code slug} is the subject lowercased
 * with every character outside {@code [a-z0-9]} replaced by {@code -}, cut to {@value #SLUG_LENGTH} characters (for
 * people reading the CometChat dashboard; it plays no part in uniqueness), and {@code hash} is the first
 * {@value #HASH_LENGTH} characters of the lowercase base32 of SHA-256 over the subject's UTF-8 bytes (160 bits).</li>
 * </ol>
 * Why no two subjects share a UID: with the prefix fixed, an unchanged subject never starts with {@code __} while every
 * mapped one does, so the two sets are disjoint. Unchanged subjects map by identity. Mapped subjects differ in their
 * hash unless SHA-256 truncated to 160 bits collides, which no one has ever exhibited (a birthday search would need
 * about 2^80 subjects). Case is preserved by the hash, so {@code AbC} and {@code abC} map apart even though their
 * slugs agree, and neither can land on {@code abc}, which is used unchanged.
 */
public final class CometChatUidMapper {

    /** Mapped UIDs, and only they, start with this: valid subjects that start with it are mapped too. */
    public static final String MAPPED_MARKER = "__";

    /** The longest UID CometChat accepts. */
    public static final int MAX_UID_LENGTH = 100;

    static final int SLUG_LENGTH = 40;

    static final int HASH_LENGTH = 32;

    /** The longest prefix that still leaves room for any mapped UID. */
    public static final int MAX_PREFIX_LENGTH = MAX_UID_LENGTH - MAPPED_MARKER.length() - SLUG_LENGTH - 1 - HASH_LENGTH;

    private static final Pattern VALID_UID = Pattern.compile("[a-z0-9_-]{1," + MAX_UID_LENGTH + "}");

    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9_-]{0," + MAX_PREFIX_LENGTH + "}");

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final String prefix;

    /**
     * @param prefix prepended to every UID, for example to keep several gateways' users apart in one CometChat app;
     * lowercase {@code [a-z0-9_-]}, at most {@value #MAX_PREFIX_LENGTH} characters; empty for none
     */
    public CometChatUidMapper(String prefix) {
        String p = (prefix != null) ? prefix : "";
        Assert.isTrue(isValidPrefix(p), () -> "The UID prefix '" + p
                + "' is not valid: use lowercase letters, digits, '_' and '-', at most " + MAX_PREFIX_LENGTH
                + " characters");
        this.prefix = p;
    }

    /** Whether a string can prefix every UID: lowercase {@code [a-z0-9_-]}, at most {@link #MAX_PREFIX_LENGTH}. */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && VALID_PREFIX.matcher(prefix).matches();
    }

    /** Whether a string is a valid CometChat UID. */
    public static boolean isValidUid(String uid) {
        return uid != null && VALID_UID.matcher(uid).matches();
    }

    /**
     * The CometChat UID of a subject.
     * @param subject the identity provider's subject; not empty
     * @return a valid UID, the same for the same subject and prefix, different for different subjects
     */
    public String toUid(String subject) {
        Assert.hasLength(subject, "subject cannot be empty");
        String unchanged = this.prefix + subject;
        if (!subject.startsWith(MAPPED_MARKER) && isValidUid(unchanged)) {
            return unchanged;
        }
        return this.prefix + MAPPED_MARKER + slug(subject) + "_" + hash(subject);
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
