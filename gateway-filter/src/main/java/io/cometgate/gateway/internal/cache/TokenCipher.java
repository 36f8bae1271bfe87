package io.cometgate.gateway.internal.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * Encrypts cached tokens at rest with AES-256-GCM, so that a Redis dump, a replica or {@code MONITOR} never shows a
 * usable token.
 * <p>
 * A value is {@code v1.<key id>.<base64url(iv | ciphertext | tag)>}. The key id (8 hex characters of the key's
 * SHA-256) says which key encrypted it, so keys can be rotated: new values use the current key, values under any of
 * the previous keys still decrypt until they expire. The app and UID are bound to the value as associated data, so a
 * value copied to another user's entry does not decrypt. Anything that does not decrypt is {@link Optional#empty()}:
 * a cache miss, never an error.
 */
public final class TokenCipher {

    private static final String VERSION = "v1";

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    // Looking a cipher up (provider search, instantiation) costs more than decrypting a token: every cached request
    // decrypts, so each thread keeps one, initialised afresh for each value. Decryption only: an encryption cipher
    // must never be reused with the same IV, and encryption is rare (one per mint).
    private static final ThreadLocal<Cipher> DECRYPTORS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Every Java platform provides AES/GCM/NoPadding", ex);
        }
    });

    private final SecureRandom random = new SecureRandom();

    private final String currentKeyId;

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    /**
     * @param currentKey the base64 of a 256-bit key, used to encrypt
     * @param previousKeys base64 keys still accepted to decrypt
     */
    public TokenCipher(String currentKey, List<String> previousKeys) {
        SecretKey current = decodeKey(currentKey, "cometchat.token-cache.encryption-key");
        this.currentKeyId = keyId(current);
        this.keys.put(this.currentKeyId, current);
        for (String previous : previousKeys) {
            SecretKey key = decodeKey(previous, "cometchat.token-cache.previous-encryption-keys");
            this.keys.putIfAbsent(keyId(key), key);
        }
    }

    /**
     * Checks a configured key without keeping it.
     * @param base64 the configured value
     * @param property the property it came from, named in the error
     * @return the key
     */
    public static SecretKey decodeKey(String base64, String property) {
        Assert.hasText(base64, () -> "Set " + property + " to the base64 of a random 256-bit key, for example the "
                + "output of 'openssl rand -base64 32'");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " is not base64: use the output of 'openssl rand -base64 32'");
        }
        Assert.isTrue(bytes.length == 32, () -> property + " must be 256 bits (32 bytes, 44 base64 characters), not "
                + bytes.length * 8 + " bits");
        return new SecretKeySpec(bytes, "AES");
    }

    private static String keyId(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 4);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Every Java platform provides SHA-256", ex);
        }
    }

    /** Encrypts {@code plaintext}, bound to {@code associatedData}. */
    public String encrypt(String plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        this.random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] value = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return VERSION + "." + this.currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    /**
     * @param value a value from {@link #encrypt}
     * @param associatedData the data it was bound to
     * @return the plaintext, or empty when the value is malformed, of an unknown key, tampered with, or bound to
     * other data
     */
    public Optional<String> decrypt(String value, String associatedData) {
        String[] parts = value.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !this.keys.containsKey(parts[1])) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
            if (bytes.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = DECRYPTORS.get();
            cipher.init(Cipher.DECRYPT_MODE, this.keys.get(parts[1]), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException | GeneralSecurityException ex) {
            return Optional.empty();
        }
    }

}
