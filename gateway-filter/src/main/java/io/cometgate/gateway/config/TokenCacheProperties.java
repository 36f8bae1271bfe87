package io.cometgate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The token cache: tokens shared by all replicas in Redis, encrypted at rest, so that a page load does not mint.
 */
public class TokenCacheProperties {

    /** Whether to cache tokens (needs Redis support on the class path). */
    private boolean enabled = true;

    /**
     * How long a token is reused. CometChat tokens never expire, but only a user's 100 newest stay valid, and a
     * revoked token should not linger: a day is a page load's worth of reuse for every active user.
     */
    private Duration ttl = Duration.ofHours(24);

    /**
     * Key that encrypts cached tokens (AES-256-GCM): the base64 of 32 random bytes, such as the output of
     * 'openssl rand -base64 32'. Required when the cache is enabled; the same on every replica.
     */
    private String encryptionKey;

    /** Earlier encryption keys, still accepted for decryption while entries written with them expire. */
    private List<String> previousEncryptionKeys = new ArrayList<>();

    /**
     * How long a per-user mint lock outlives its owner: the owner renews it while it mints and releases it as soon
     * as the token is cached; a replica that dies leaves it to expire after this.
     */
    private Duration lockTtl = Duration.ofSeconds(5);

    /**
     * How long a replica waits for another replica's mint of the same user before minting itself. The minting
     * replica renews its lock while its CometChat calls last (cometchat.request-timeout, 5 s, at most), and a
     * waiting replica takes over a lock released without a token or expired: a wait shorter than CometChat's
     * slowest answer means two mints whenever CometChat is that slow.
     */
    private Duration lockWait = Duration.ofSeconds(10);

    /** Prefix of the cache's keys in Redis. */
    private String keyPrefix = "cometgate:tok:";

    /** Prefix of the mint locks' keys in Redis. */
    private String lockKeyPrefix = "cometgate:lock:";

    private final NearCache nearCache = new NearCache();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getTtl() {
        return this.ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public String getEncryptionKey() {
        return this.encryptionKey;
    }

    public void setEncryptionKey(String encryptionKey) {
        this.encryptionKey = encryptionKey;
    }

    public List<String> getPreviousEncryptionKeys() {
        return this.previousEncryptionKeys;
    }

    public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
        this.previousEncryptionKeys = previousEncryptionKeys;
    }

    public Duration getLockTtl() {
        return this.lockTtl;
    }

    public void setLockTtl(Duration lockTtl) {
        this.lockTtl = lockTtl;
    }

    public Duration getLockWait() {
        return this.lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public String getLockKeyPrefix() {
        return this.lockKeyPrefix;
    }

    public void setLockKeyPrefix(String lockKeyPrefix) {
        this.lockKeyPrefix = lockKeyPrefix;
    }

    public NearCache getNearCache() {
        return this.nearCache;
    }

    @Override
    public String toString() {
        return "TokenCacheProperties[enabled=" + this.enabled + ", ttl=" + this.ttl + ", encryptionKey="
                + ((this.encryptionKey != null) ? "*****" : null) + "]";
    }

    /**
     * Each replica's own copy of the tokens it minted or read, in front of Redis, kept coherent across replicas by
     * a Redis pub/sub channel ({@code <key-prefix>invalidate}).
     */
    public static class NearCache {

        /**
         * Whether each replica keeps the tokens it minted or read in memory too: a cached user then costs no Redis
         * read, and a Redis outage at most one mint per user per replica.
         */
        private boolean enabled = true;

        /** Most tokens a replica keeps in memory (beyond it, those least likely to be asked for again go first). */
        private long maximumSize = 100_000;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaximumSize() {
            return this.maximumSize;
        }

        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }

    }

}
