package io.aurorakit.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed connection URL: {@code jdbc:aurora:postgresql://host[:port]/db?key=value&...}. Also accepts
 * {@code jdbc:postgresql://}, {@code jdbc:aws-wrapper:postgresql://}, {@code postgresql://} and {@code postgres://}
 * (the common {@code DATABASE_URL} form, with optional {@code user:password@}).
 */
final class AuroraUrl {

    static final String AURORA_PREFIX = "jdbc:aurora:postgresql://";
    static final int DEFAULT_PORT = 5432;
    static final List<String> PREFIXES = List.of(AURORA_PREFIX, "jdbc:postgresql://", "jdbc:aws-wrapper:postgresql://",
            "postgresql://", "postgres://");
    private static final String EXPECTED = "jdbc:aurora:postgresql://host[:port]/database[?key=value&...]";
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

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

    /** The URL with any password replaced by {@code ****}, safe for messages. */
    static String masked(String url) {
        if (url == null) {
            return "null";
        }
        String m = USERINFO_PASSWORD.matcher(url).replaceAll("$1" + AuroraProperty.MASK + "@");
        return PASSWORD_PARAM.matcher(m).replaceAll("$1" + AuroraProperty.MASK);
    }

    static AuroraUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw malformed(url, "empty");
        }
        String text = url.trim();
        String prefix = PREFIXES.stream().filter(text::startsWith).findFirst()
                .orElseThrow(() -> malformed(url, "unknown scheme"));
        String rest = text.substring(prefix.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String authority = rest;
        String database = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            authority = rest.substring(0, slash);
            database = decode(url, rest.substring(slash + 1));
            if (database.contains("/")) {
                throw malformed(url, "the database name contains '/'");
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                params.put(AuroraProperty.USER.key(), decode(url, user));
            }
            if (colon >= 0) {
                params.put(AuroraProperty.PASSWORD.key(), decode(url, userInfo.substring(colon + 1)));
            }
        }
        if (authority.contains(",")) {
            throw malformed(url, "more than one host; expected a single cluster endpoint");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(url, "unclosed '[' in the IPv6 host");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw malformed(url, "unexpected text after the IPv6 host");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isBlank()) {
            throw malformed(url, "the host is empty");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port='" + portText + "' in URL " + masked(url)
                        + " is invalid; expected a number from 1 to 65535");
            }
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(url, eq >= 0 ? pair.substring(0, eq) : pair);
            String value = eq >= 0 ? decode(url, pair.substring(eq + 1)) : "";
            if (key.isEmpty()) {
                throw malformed(url, "a parameter without a name");
            }
            params.put(key, value);
        }
        return new AuroraUrl(host, port, database, params);
    }

    private static String decode(String url, String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(url, "bad %-escape");
        }
    }

    private static IllegalArgumentException malformed(String url, String problem) {
        return new IllegalArgumentException("url='" + masked(url) + "' is malformed (" + problem + "); expected "
                + EXPECTED);
    }
}
