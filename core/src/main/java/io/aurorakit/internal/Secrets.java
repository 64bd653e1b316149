package io.aurorakit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in anything aurora-kit shows: messages, {@code toString()} and log lines. Two rules, applied
 * together:
 *
 * <ul>
 *   <li>by position: in a URL, everything between {@code //} and the last {@code @} of the URL (the user-info,
 *       whatever characters the password contains: {@code /}, {@code ?}, {@code @}, {@code '});</li>
 *   <li>by key: the value of any key whose name contains {@code password}, {@code secret} or {@code token}
 *       (case-insensitive), aurora-kit's own keys and pass-through keys alike ({@code sslpassword},
 *       {@code secretsManagerSecretId}, {@code PASSWORD}), in a URL query, a {@code key='value'} message or a
 *       {@code {key=value}} map.</li>
 * </ul>
 *
 * <pre>{@code
 * Secrets.mask("postgres://app:pa/ss@host/db?sslpassword=x"); // postgres://****@host/db?sslpassword=****
 * }</pre>
 */
public final class Secrets {

    /** Shown instead of a secret value. */
    public static final String MASK = "****";

    private static final Pattern SECRET_KEY = Pattern.compile("(?i)password|secret|token");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "([A-Za-z0-9_.\\-]*(?i:password|secret|token)[A-Za-z0-9_.\\-]*)=('[^']*'?|[^&\\s,}']*)");

    private Secrets() {
    }

    /** Whether values of {@code key} are secret: its name contains password, secret or token (any case). */
    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).find();
    }

    /** {@code value}, or {@link #MASK} when {@code key} is a secret key. */
    public static String shown(String key, String value) {
        return isSecretKey(key) ? MASK : value;
    }

    /** {@code text} with every URL user-info and every value of a secret key replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null) {
            return "null";
        }
        return maskKeys(maskUserInfo(text));
    }

    private static String maskUserInfo(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            int slashes = text.indexOf("//", from);
            if (slashes < 0) {
                break;
            }
            int start = slashes + 2;
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            int at = text.lastIndexOf('@', end - 1);
            if (at >= start) {
                out.append(text, from, start).append(MASK);
                from = at;
            } else {
                out.append(text, from, start);
                from = start;
            }
        }
        return out.append(text.substring(from)).toString();
    }

    private static String maskKeys(String text) {
        Matcher m = KEY_VALUE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String value = m.group(2);
            String masked = value.startsWith("'") ? "'" + MASK + (value.length() > 1 && value.endsWith("'") ? "'" : "")
                    : value.isEmpty() ? "" : MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=" + masked));
        }
        m.appendTail(out);
        return out.toString();
    }
}
