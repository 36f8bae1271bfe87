package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * One limit, written {@code capacity/period}: {@code 10/1m} is 10 requests a minute, refilled continuously. Periods
 * take {@code s}, {@code m}, {@code h} or {@code d}. A list is written {@code 10/1m, 60/1h}; {@code none} means no
 * limit.
 *
 * @param capacity how many requests the period allows
 * @param period the period over which {@code capacity} refills
 */
public record LimitSpec(long capacity, Duration period) {

    private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([smhd])\\s*");

    public LimitSpec {
        Assert.isTrue(capacity > 0, "capacity must be positive");
        Assert.isTrue(period != null && period.compareTo(Duration.ZERO) > 0, "period must be positive");
    }

    /**
     * @param text {@code capacity/period}, such as {@code 10/1m}
     * @return the limit
     */
    public static LimitSpec parse(String text) {
        Matcher matcher = SPEC.matcher(text);
        Assert.isTrue(matcher.matches(), () -> "'" + text + "' is not a limit: write capacity/period, such as 10/1m");
        long amount = Long.parseLong(matcher.group(2));
        Duration period = switch (matcher.group(3).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new LimitSpec(Long.parseLong(matcher.group(1)), period);
    }

    /**
     * @param text limits separated by commas, or {@code none}
     * @return the limits; empty for {@code none}
     */
    public static List<LimitSpec> parseList(String text) {
        Assert.hasText(text, "limits cannot be empty: write them as 10/1m, 60/1h, or none");
        if (text.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<LimitSpec> specs = new ArrayList<>();
        for (String part : text.split(",")) {
            specs.add(parse(part));
        }
        return List.copyOf(specs);
    }

    /** The period in whole seconds, the {@code w} of the {@code RateLimit-Policy} header. */
    public long windowSeconds() {
        return this.period.toSeconds();
    }

    @Override
    public String toString() {
        return this.capacity + "/" + this.windowSeconds() + "s";
    }

}
