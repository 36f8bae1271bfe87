package io.cometgate.gateway.client;

/**
 * Masks secrets (REST API keys, auth tokens) the way CometChat itself does in its error messages, so an operator
 * can tell which key is configured without the key ever being printed.
 */
public final class Secrets {

    private static final String MASK = "*****";

    private Secrets() {
    }

    /**
     * Masks a secret: its first and last five characters around {@code *****}; a short secret is masked whole.
     * @param secret the secret, may be {@code null}
     * @return the masked form, never the secret itself
     */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "<empty>";
        }
        // Showing 10 characters of a short secret would show most of it.
        if (secret.length() < 24) {
            return MASK;
        }
        return secret.substring(0, 5) + MASK + secret.substring(secret.length() - 5);
    }

}
