package io.cometgate.gateway.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;

import org.springframework.util.Assert;

/**
 * A named set of limits that hold together, such as a per-user burst and hourly limit, and their Bucket4j
 * configuration. Every limit refills greedily: {@code 10/1m} gives one request back every six seconds rather than
 * ten at the top of the minute, so a client that waits {@code Retry-After} always gets through.
 *
 * @param name the name in the {@code RateLimit-Policy} header, such as {@code per-user}
 * @param limits the limits, all of which must allow a request
 * @param bucketConfiguration Bucket4j's form of the limits
 */
public record LimitPolicy(String name, List<LimitSpec> limits, BucketConfiguration bucketConfiguration) {

    public LimitPolicy {
        Assert.hasText(name, "name cannot be empty");
        Assert.notEmpty(limits, "limits cannot be empty");
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
        return new LimitPolicy(name, List.copyOf(limits), builder.build());
    }

    /**
     * Identifies the limits in storage keys: a changed limit gets a new key, so no replica ever applies a bucket
     * state written under other limits.
     */
    public String fingerprint() {
        return this.limits.stream().map(LimitSpec::toString).collect(Collectors.joining(","));
    }

}
