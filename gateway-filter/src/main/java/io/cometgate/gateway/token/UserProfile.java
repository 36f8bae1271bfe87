package io.cometgate.gateway.token;

import java.net.URI;
import java.util.Locale;

import io.cometgate.gateway.uid.AuthenticatedIdentity;

/**
 * The CometChat profile of a user, taken from the identity's claims: the display name from {@code name}, then
 * {@code preferred_username}, then the local part of {@code email}, then the UID, cut to CometChat's 100 characters;
 * the avatar from {@code picture} when it is an http(s) URL of at most 3,000 characters.
 * <p>
 * Only string claims count: a {@code name} that is an array or an object is absent (not {@code "[a, b]"}), and the
 * next fallback applies. So is a name made only of invisible characters (whitespace, control and format characters
 * such as zero-width spaces, fillers): a user must not be able to appear nameless in everyone's chat.
 *
 * @param name the display name
 * @param avatar the avatar URL, or {@code null}
 */
public record UserProfile(String name, String avatar) {

    static final int MAX_NAME_LENGTH = 100;

    static final int MAX_AVATAR_LENGTH = 3000;

    /**
     * @param identity the authenticated caller
     * @param uid the caller's CometChat UID, the name of last resort
     * @return the profile
     */
    public static UserProfile from(AuthenticatedIdentity identity, String uid) {
        String name = firstVisible(textClaim(identity, "name"), textClaim(identity, "preferred_username"),
                emailLocalPart(textClaim(identity, "email")), uid);
        return new UserProfile(truncate(name.strip(), MAX_NAME_LENGTH), avatar(textClaim(identity, "picture")));
    }

    private static String textClaim(AuthenticatedIdentity identity, String claim) {
        return (identity.claims().get(claim) instanceof String text) ? text : null;
    }

    private static String firstVisible(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && hasVisibleCharacter(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("the UID is never blank");
    }

    static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch((c) -> !isInvisible(c));
    }

    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                // Combining marks alone draw nothing (variation selectors, the combining grapheme joiner).
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                // Letters by category, blank in every font: the Hangul fillers and the braille blank.
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
    }

    private static String emailLocalPart(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        return (at > 0) ? email.substring(0, at) : null;
    }

    // CometChat counts characters, not UTF-16 units: never cut a surrogate pair in half.
    static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    private static String avatar(String picture) {
        if (picture == null || picture.length() > MAX_AVATAR_LENGTH) {
            return null;
        }
        try {
            URI uri = URI.create(picture);
            String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? picture : null;
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

}
