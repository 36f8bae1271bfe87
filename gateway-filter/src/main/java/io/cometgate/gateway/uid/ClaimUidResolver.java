package io.cometgate.gateway.uid;

import reactor.core.publisher.Mono;

/**
 * The default {@link UidResolver}: the UID is the policy's claim (by default {@code sub}) mapped by
 * {@link CometChatUidMapper}.
 * <p>
 * The claim must be a non-blank string or a JSON integer (used as its decimal text, so {@code 12345} and
 * {@code "12345"} are one user; Spring Security already turns a numeric {@code sub} into that text). Anything else
 * (an array, an object, a boolean, a fraction) is as good as missing: {@link UidClaimMissingException}, 403.
 */
public final class ClaimUidResolver implements UidResolver {

    @Override
    public Mono<String> resolve(AuthenticatedIdentity identity, UidPolicy policy) {
        return Mono.fromSupplier(() -> {
            String subject = subjectOf(identity.claims().get(policy.claim()));
            if (subject == null) {
                throw new UidClaimMissingException(policy.claim());
            }
            return policy.mapper().toUid(subject);
        });
    }

    private static String subjectOf(Object claim) {
        if (claim instanceof String text) {
            return text.isBlank() ? null : text;
        }
        if (claim instanceof Integer || claim instanceof Long || claim instanceof Short
                || claim instanceof java.math.BigInteger) {
            return claim.toString();
        }
        return null;
    }

}
