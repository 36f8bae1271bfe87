package io.cometgate.gateway.internal.ratelimit;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;

import org.springframework.util.Assert;

/**
 * A named set of limits that hold together, such as a per-user burst and hourly limit, and their Bucket4j
 * configuration. Every limit refills greedily: {@code 10/1m} gives one request back every six seconds rather than
 * ten at the top of the minute, so a client that waits {@code Retry-After} always gets through.
 * <p>
 * Immutable; its {@link #fingerprint()} is computed once, since every limit decision puts it in a key.
 */
public final class LimitPolicy {

    private final String name;

    private final List<LimitSpec> limits;

    private final BucketConfiguration bucketConfiguration;

    private final String fingerprint;

    /**
     * @param name the name in the {@code RateLimit-Policy} header, such as {@code per-user}
     * @param limits the limits, all of which must allow a request
     * @param bucketConfiguration Bucket4j's form of the limits
     */
    public LimitPolicy(String name, List<LimitSpec> limits, BucketConfiguration bucketConfiguration) {
        Assert.hasText(name, "name cannot be empty");
        Assert.notEmpty(limits, "limits cannot be empty");
        this.name = name;
        this.limits = List.copyOf(limits);
        this.bucketConfiguration = bucketConfiguration;
        this.fingerprint = this.limits.stream().map(LimitSpec::toString).collect(Collectors.joining(","));
    }

    /**
     * @param name the policy's name
     * @param limits the limits; not empty
     * @return the policy
     */
    public static LimitPolicy of(String name, List<LimitSpec> limits) {
        Assert.notEmpty(limits, "a policy needs at least one limit");
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (LimitSpec limit : limits) {
            builder.addLimit(Bandwidth.builder()
                .capacity(limit.capacity())
                .refillGreedy(limit.capacity(), limit.period())
                .build());
        }
        return new LimitPolicy(name, limits, builder.build());
    }

    /** The name in the {@code RateLimit-Policy} header, such as {@code per-user}. */
    public String name() {
        return this.name;
    }

    /** The limits, all of which must allow a request. */
    public List<LimitSpec> limits() {
        return this.limits;
    }

    /** Bucket4j's form of the limits. */
    public BucketConfiguration bucketConfiguration() {
        return this.bucketConfiguration;
    }

    /**
     * Identifies the limits in storage keys: a changed limit gets a new key, so no replica ever applies a bucket
     * state written under other limits.
     */
    public String fingerprint() {
        return this.fingerprint;
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof LimitPolicy policy && this.name.equals(policy.name)
                && this.limits.equals(policy.limits) && Objects.equals(this.bucketConfiguration, policy.bucketConfiguration));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.name, this.limits);
    }

    @Override
    public String toString() {
        return "LimitPolicy[name=" + this.name + ", limits=" + this.limits + "]";
    }

}
