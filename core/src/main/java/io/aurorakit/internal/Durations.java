package io.aurorakit.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations that always carry a unit, so that nobody confuses the AWS wrapper's milliseconds with pgjdbc's
 * seconds. Accepted forms: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, an ISO-8601 duration such as
 * {@code PT30S}, or a bare {@code 0}. A unit-less number other than 0 is rejected as ambiguous.
 *
 * <pre>{@code
 * Duration d = Durations.parse("connectTimeout", "30s"); // PT30S
 * }</pre>
 */
public final class Durations {

    /** The form every duration must take; used in error messages. */
    public static final String EXPECTED_FORM = "a duration with a unit such as 500ms, 30s, 2m, 1h or PT30S";

    private static final Pattern WITH_UNIT = Pattern.compile("(-?\\d{1,18})\\s*(ms|s|m|h)");
    private static final Pattern WITH_TOO_MANY_DIGITS = Pattern.compile("-?\\d{19,}\\s*(ms|s|m|h)");
    private static final Pattern UNITLESS = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Durations() {
    }

    /**
     * Parses {@code value} as a duration.
     *
     * @param option the property or option name, quoted in the error message
     * @param value the text to parse
     * @return the duration (may be zero or negative; callers apply their own range rules)
     * @throws IllegalArgumentException naming the option, the value and the expected form
     */
    public static Duration parse(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + "='" + (value == null ? "" : value)
                    + "': empty; expected " + EXPECTED_FORM);
        }
        String text = value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = WITH_UNIT.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            try {
                Duration d;
                switch (m.group(2)) {
                    case "ms":
                        d = Duration.ofMillis(amount);
                        break;
                    case "s":
                        d = Duration.ofSeconds(amount);
                        break;
                    case "m":
                        d = Duration.ofMinutes(amount);
                        break;
                    default:
                        d = Duration.ofHours(amount);
                        break;
                }
                return checkMillis(option, text, d);
            } catch (ArithmeticException e) {
                throw tooLarge(option, text);
            }
        }
        if (UNITLESS.matcher(text).matches()) {
            throw new IllegalArgumentException(option + "='" + text + "': a duration without a unit is ambiguous"
                    + " (the AWS wrapper reads milliseconds, pgjdbc reads seconds); expected " + EXPECTED_FORM
                    + ", e.g. " + text + "s or " + text + "ms");
        }
        if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
            try {
                return checkMillis(option, text, Duration.parse(text));
            } catch (DateTimeParseException | ArithmeticException e) {
                // fall through to the common message
            }
        }
        if (WITH_TOO_MANY_DIGITS.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            throw tooLarge(option, text);
        }
        throw new IllegalArgumentException(option + "='" + text + "': not a duration; expected " + EXPECTED_FORM);
    }

    /** A duration whose milliseconds do not fit a long is rejected here, not by an ArithmeticException later. */
    private static Duration checkMillis(String option, String text, Duration d) {
        try {
            d.toMillis();
            return d;
        } catch (ArithmeticException e) {
            throw tooLarge(option, text);
        }
    }

    private static IllegalArgumentException tooLarge(String option, String text) {
        return new IllegalArgumentException(option + "='" + text + "': too large (its milliseconds overflow a long);"
                + " expected " + EXPECTED_FORM);
    }

    /** Formats a duration the way {@link #parse} reads it back, e.g. {@code 30s}, {@code 1500ms}, {@code 0}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long millis = d.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
