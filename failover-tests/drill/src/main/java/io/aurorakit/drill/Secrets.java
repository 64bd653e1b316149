package io.aurorakit.drill;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the drill's secrets out of everything it prints. A URL is masked as core masks it
 * ({@link io.aurorakit.internal.Secrets#mask}: by position and by key); on top of that, every secret value the drill knows of - the URL's password in raw and decoded form,
 * the {@code --password-env} value - is replaced wherever it shows up, e.g. in a driver's or the library's message.
 *
 * <pre>{@code
 * Secrets secrets = new Secrets();
 * secrets.addFromUrl("jdbc:aurora:postgresql://app:pa/ss@h/db");
 * secrets.redact("failed for pa/ss");                              // "failed for ****"
 * Secrets.maskUrl("jdbc:aurora:postgresql://app:pa/ss@h/db");     // "jdbc:aurora:postgresql://****@h/db"
 * }</pre>
 */
final class Secrets {

    /** What a secret is replaced with. */
    static final String MASK = io.aurorakit.internal.Secrets.MASK;

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Remembers {@code secret} (null or empty: nothing to hide). */
    void add(String secret) {
        if (secret != null && !secret.isEmpty()) {
            values.add(secret);
        }
    }

    /** Remembers the secrets inside {@code url}: the user-info password and secret-named parameters, raw and decoded. */
    void addFromUrl(String url) {
        if (url == null) {
            return;
        }
        int start = url.indexOf("//");
        int at = url.lastIndexOf('@');
        if (start >= 0 && at > start) {
            String userInfo = url.substring(start + 2, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                addVariants(userInfo.substring(colon + 1));
            }
        }
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && io.aurorakit.internal.Secrets.isSecretKey(pair.substring(0, eq))) {
                    addVariants(pair.substring(eq + 1));
                }
            }
        }
    }

    private void addVariants(String raw) {
        add(raw);
        add(decode(raw.replace("+", "%2B")));
        add(decode(raw));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** {@code text} with every known secret replaced by {@link #MASK}, longest first; null stays null. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        List<String> longestFirst = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String redacted = text;
        for (String secret : longestFirst) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted;
    }

    /** {@code url} masked by position (user-info) and by key (secret-named parameters), for showing it. */
    static String maskUrl(String url) {
        return url == null ? null : io.aurorakit.internal.Secrets.mask(url);
    }
}
