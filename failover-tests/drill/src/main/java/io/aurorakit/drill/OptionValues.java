package io.aurorakit.drill;

import io.aurorakit.internal.Durations;
import java.net.URI;
import java.time.Duration;

/**
 * Option values the drill's commands share, checked the same way everywhere: every problem is an
 * {@link IllegalArgumentException} whose message names the option, for the command to turn into a usage error.
 */
final class OptionValues {

    private OptionValues() {
    }

    /** A positive duration with a unit ({@code 500ms}, {@code 15s}, {@code 2m}, {@code PT1M}) of at most {@code max}. */
    static Duration duration(String option, String value, Duration max, String maxText) {
        Duration parsed;
        try {
            parsed = Durations.parse(option, value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(option + ": at most " + maxText + ", got '" + value + "'");
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(option) ? e : new IllegalArgumentException(option + ": " + e.getMessage());
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(option + ": expected a positive duration such as 500ms, 15s or PT1M,"
                    + " got '" + value + "'");
        }
        if (parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + ": at most " + maxText + ", got '" + value + "'");
        }
        return parsed;
    }

    /** An {@code http} or {@code https} URL with a host, such as {@code http://127.0.0.1:4566}. */
    static URI httpUrl(String option, String value) {
        try {
            URI url = URI.create(value.trim());
            if (url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected an http(s) URL such as http://127.0.0.1:4566, got '"
                + value + "'");
    }
}
