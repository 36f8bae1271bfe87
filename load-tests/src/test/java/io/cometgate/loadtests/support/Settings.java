package io.cometgate.loadtests.support;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of the system properties that configure a run ({@code -Dusers=200}); each simulation passes its own
 * defaults. A malformed value stops the run at once, naming the property, rather than running another load than the
 * one asked for.
 */
public final class Settings {

    private Settings() {
    }

    /** The property, trimmed; the default when it is absent or blank. */
    public static String string(String name, String defaultValue) {
        String value = System.getProperty(name);
        return (value == null || value.isBlank()) ? defaultValue : value.trim();
    }

    /** The property, trimmed; the default when it is absent, and empty when it is set blank ({@code -Dname=}). */
    public static Optional<String> optional(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (value == null) {
            return Optional.of(defaultValue);
        }
        return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public static int positiveInt(String name, int defaultValue) {
        return (int) positive(name, defaultValue, Integer.MAX_VALUE);
    }

    public static double positiveDouble(String name, double defaultValue) {
        return positive(name, defaultValue, Double.MAX_VALUE);
    }

    /** A percentage, zero included: {@code 0} means "not a single one". */
    public static double percent(String name, double defaultValue) {
        double value = number(name, defaultValue);
        if (value < 0 || value > 100) {
            throw invalid(name, "a percentage between 0 and 100");
        }
        return value;
    }

    public static Duration seconds(String name, int defaultSeconds) {
        return Duration.ofSeconds(positiveInt(name, defaultSeconds));
    }

    /** A comma-separated list of URLs, each without a trailing slash so that paths can be appended. */
    public static List<String> urls(String name, String defaultValue) {
        List<String> urls = Arrays.stream(string(name, defaultValue).split(","))
            .map(String::trim)
            .filter((url) -> !url.isEmpty())
            .map(Settings::withoutTrailingSlash)
            .toList();
        if (urls.isEmpty()) {
            throw invalid(name, "one or more URLs separated by commas");
        }
        return urls;
    }

    public static String url(String name, String defaultValue) {
        return withoutTrailingSlash(string(name, defaultValue));
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static double positive(String name, double defaultValue, double max) {
        double value = number(name, defaultValue);
        if (value <= 0 || value > max) {
            throw invalid(name, "a number greater than 0");
        }
        return value;
    }

    private static double number(String name, double defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        }
        catch (NumberFormatException ex) {
            throw invalid(name, "a number");
        }
    }

    private static IllegalArgumentException invalid(String name, String expected) {
        return new IllegalArgumentException(
                "System property '" + name + "' must be " + expected + " (got '" + System.getProperty(name) + "')");
    }

}
