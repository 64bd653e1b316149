package io.aurorakit.config;

import io.aurorakit.internal.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed connection URL: {@code jdbc:aurora:postgresql://host[:port]/db?key=value&...}. Also accepts
 * {@code jdbc:postgresql://}, {@code jdbc:aws-wrapper:postgresql://}, {@code postgresql://} and {@code postgres://}
 * (the common {@code DATABASE_URL} form, with optional {@code user:password@}).
 *
 * <p>As psql does: only %-escapes are decoded ({@code +} stays {@code +}); the user-info ends at the last {@code @}
 * before the host, so a password may contain {@code @} and {@code :}, while {@code /}, {@code ?} and {@code #} in it
 * must be %-encoded. The database is required; each key may appear once; an IPv6 host needs brackets.
 */
final class AuroraUrl {

    static final String AURORA_PREFIX = "jdbc:aurora:postgresql://";
    static final int DEFAULT_PORT = 5432;
    /** What a URL is called in messages unless the caller names its source (e.g. an environment variable). */
    static final String DEFAULT_SOURCE = "url";
    static final List<String> PREFIXES = List.of(AURORA_PREFIX, "jdbc:postgresql://", "jdbc:aws-wrapper:postgresql://",
            "postgresql://", "postgres://");
    private static final String EXPECTED = "jdbc:aurora:postgresql://host[:port]/database[?key=value&...]";

    final String host;
    final int port;
    final String database;
    final Map<String, String> parameters;

    private AuroraUrl(String host, int port, String database, Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** The URL with any password replaced by {@code ****}, safe for messages (see {@link Secrets}). */
    static String masked(String url) {
        return Secrets.mask(url);
    }

    static AuroraUrl parse(String url) {
        return parse(url, DEFAULT_SOURCE);
    }

    /**
     * Parses {@code url}; {@code source} names it in error messages ({@code url}, {@code DATABASE_URL_WRITER}).
     *
     * @throws IllegalArgumentException naming the source, the masked URL, the problem and the expected form
     */
    static AuroraUrl parse(String url, String source) {
        String name = source == null || source.isBlank() ? DEFAULT_SOURCE : source;
        if (url == null || url.isBlank()) {
            throw malformed(name, url, "empty");
        }
        String text = url.trim();
        String prefix = PREFIXES.stream().filter(text::startsWith).findFirst().orElse(null);
        if (prefix == null) {
            throw malformed(name, url, text.startsWith("jdbc:aurora:") ? "aurora-kit supports only PostgreSQL"
                    : "unknown scheme");
        }
        String rest = text.substring(prefix.length());
        int end = indexOfAny(rest, "/?#", 0);
        String head = rest.substring(0, end);
        int at = head.lastIndexOf('@');
        if (at < 0 && rest.indexOf('@', end) >= 0 && looksLikeUserAndPassword(head)) {
            throw malformed(name, url, "the user or password contains '/', '?' or '#'; expected them %-encoded as %2F,"
                    + " %3F, %23 (as psql also requires)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String authority = head;
        if (at >= 0) {
            String userInfo = head.substring(0, at);
            authority = head.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                params.put(AuroraProperty.USER.key(), decode(name, url, user));
            }
            if (colon >= 0) {
                params.put(AuroraProperty.PASSWORD.key(), decode(name, url, userInfo.substring(colon + 1)));
            }
        }
        String after = rest.substring(end);
        if (after.indexOf('#') >= 0) {
            throw malformed(name, url, "a '#' outside the user-info; expected it %-encoded as %23");
        }
        String query = "";
        int q = after.indexOf('?');
        if (q >= 0) {
            query = after.substring(q + 1);
            after = after.substring(0, q);
        }
        if (after.length() <= 1) {
            throw malformed(name, url, "no database; expected /database after the host (pgjdbc would silently use the"
                    + " user name)");
        }
        String database = decode(name, url, after.substring(1));
        if (database.contains("/")) {
            throw malformed(name, url, "the database name contains '/'");
        }
        if (authority.contains(",")) {
            throw malformed(name, url, "more than one host; expected a single cluster endpoint");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(name, url, "unclosed '[' in the IPv6 host");
            }
            host = authority.substring(1, close);
            String tail = authority.substring(close + 1);
            if (tail.startsWith(":")) {
                portText = tail.substring(1);
            } else if (!tail.isEmpty()) {
                throw malformed(name, url, "unexpected text after the IPv6 host");
            }
        } else {
            if (authority.indexOf(':') != authority.lastIndexOf(':')) {
                throw malformed(name, url, "an IPv6 address without brackets; expected it in brackets, e.g. [::1] or"
                        + " [fe80::1]:5432");
            }
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isBlank()) {
            throw malformed(name, url, "the host is empty");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port='" + Secrets.mask(portText) + "' in " + name + "='"
                        + masked(url) + "' is invalid; expected a number from 1 to 65535");
            }
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(name, url, eq >= 0 ? pair.substring(0, eq) : pair);
            String value = eq >= 0 ? decode(name, url, pair.substring(eq + 1)) : "";
            if (key.isEmpty()) {
                throw malformed(name, url, "a parameter without a name");
            }
            if (params.containsKey(key)) {
                throw malformed(name, url, "'" + key + "' is given twice"
                        + (AuroraProperty.USER.key().equals(key) || AuroraProperty.PASSWORD.key().equals(key)
                                ? " (in user:password@ and as a parameter)" : "")
                        + "; expected each key once");
            }
            params.put(key, value);
        }
        return new AuroraUrl(host, port, database, params);
    }

    /** {@code user:secret} before a {@code /}, {@code ?} or {@code #} that an {@code @} follows: not host:port. */
    private static boolean looksLikeUserAndPassword(String head) {
        int colon = head.indexOf(':');
        return colon >= 0 && !head.substring(colon + 1).chars().allMatch(Character::isDigit);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** Decodes %-escapes (UTF-8) only; {@code +} stays {@code +}, as in psql. */
    private static String decode(String name, String url, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw malformed(name, url, "bad %-escape; expected % followed by two hex digits, e.g. %40 for @");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException malformed(String name, String url, String problem) {
        return new IllegalArgumentException(name + "='" + masked(url) + "' is malformed (" + problem + "); expected "
                + EXPECTED);
    }
}
