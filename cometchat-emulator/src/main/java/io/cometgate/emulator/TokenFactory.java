package io.cometgate.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Mints auth tokens in the live format: {@code {uid}_} + 10-digit unix seconds + 30 lowercase hex characters.
 *
 * <p>The random part comes from {@link SecureRandom} because tests of the gateway treat tokens as secrets (they must
 * never show up in logs), and a predictable emulator token would hide a leak in a test that looks for one.
 */
final class TokenFactory {

    private static final int RANDOM_BYTES = 15;

    private final SecureRandom random = new SecureRandom();

    private final HexFormat hex = HexFormat.of();

    String newToken(String uid, long epochSeconds) {
        byte[] bytes = new byte[RANDOM_BYTES];
        this.random.nextBytes(bytes);
        return uid + "_" + String.format("%010d", epochSeconds) + this.hex.formatHex(bytes);
    }
}
