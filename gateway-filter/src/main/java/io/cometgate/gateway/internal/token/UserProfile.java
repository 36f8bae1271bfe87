package io.cometgate.gateway.internal.token;

import java.util.Locale;
import java.util.Set;

import io.cometgate.gateway.client.CometChatApiException;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.uid.AuthenticatedIdentity;

/**
 * The CometChat profile of a user, taken from the identity's claims: the display name from {@code name}, then
 * {@code preferred_username}, then the local part of {@code email}, then the UID, cut to CometChat's 100 characters;
 * the avatar from {@code picture} when it is an http(s) URL of at most 3,000 characters.
 * <p>
 * Only string claims count: a {@code name} that is an array or an object is absent (not {@code "[a, b]"}), and the
 * next fallback applies. So is a name made only of invisible characters (whitespace, control and format characters
 * such as zero-width spaces, fillers): a user must not be able to appear nameless in everyone's chat.
 * <p>
 * Whether CometChat takes the avatar as a URL is CometChat's decision (its validation rules are its own): the
 * gateway only keeps out what must never be sent (other schemes, such as {@code javascript:} or {@code data:}), and
 * when CometChat refuses a field anyway ({@link #refusedFields(Throwable)}) the user is stored without it.
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
        String lower = picture.toLowerCase(Locale.ROOT);
        // The scheme only: the rest of the URL's syntax is CometChat's to judge (see refusedFields).
        boolean web = (lower.startsWith("https://") && lower.length() > 8)
                || (lower.startsWith("http://") && lower.length() > 7);
        return web ? picture : null;
    }

    /** The profile fields CometChat may refuse, and the gateway can do without. */
    static final Set<String> PROFILE_FIELDS = Set.of("name", "avatar");

    /**
     * The profile fields CometChat refused, when {@code failure} is a validation failure ({@code 400 ERR_BAD_REQUEST})
     * whose {@code details} name only profile fields ({@code name}, {@code avatar}); empty otherwise (a refusal of
     * anything else, such as the UID, is not the profile's fault and is passed on).
     * @param failure a failed create or update
     * @return the refused field names, never their values
     */
    public static Set<String> refusedFields(Throwable failure) {
        if (failure instanceof CometChatApiException api && api.hasErrorCode(CometChatErrorCodes.BAD_REQUEST)
                && !api.getDetailFields().isEmpty() && PROFILE_FIELDS.containsAll(api.getDetailFields())) {
            return api.getDetailFields();
        }
        return Set.of();
    }

    /**
     * This profile without the fields CometChat refused: a refused name becomes the UID (always a valid name), a
     * refused avatar is left out.
     * @param refused the refused field names
     * @param uid the user's UID
     * @return the profile CometChat can store
     */
    public UserProfile without(Set<String> refused, String uid) {
        return new UserProfile(refused.contains("name") ? uid : this.name,
                refused.contains("avatar") ? null : this.avatar);
    }

    /**
     * The least a user can be created with: the name unless CometChat refused it (then the UID), and no avatar.
     * @param refused the refused field names
     * @param uid the user's UID
     * @return the minimal profile
     */
    public UserProfile minimal(Set<String> refused, String uid) {
        return new UserProfile(refused.contains("name") ? uid : this.name, null);
    }

}
