package io.cometgate.gateway.client;

/**
 * Masks secrets (REST API keys, auth tokens) for logs and messages: at most the last four characters are shown, so an
 * operator can tell which of the app's keys is configured, while no line of a log gives away more than a key's last
 * four characters (CometChat's own error messages show ten: the gateway never passes those on).
 */
public final class Secrets {

    private static final String MASK = "*****";

    // Below this length even four characters would be a large share of the secret.
    private static final int MIN_LENGTH_TO_SHOW_TAIL = 16;

    private static final int TAIL = 4;

    private Secrets() {
    }

    /**
     * Masks a secret: {@code *****} and its last four characters; a secret shorter than 16 characters is masked
     * whole.
     * @param secret the secret, may be {@code null}
     * @return the masked form, never the secret itself
     */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "<empty>";
        }
        if (secret.length() < MIN_LENGTH_TO_SHOW_TAIL) {
            return MASK;
        }
        return MASK + secret.substring(secret.length() - TAIL);
    }

}
