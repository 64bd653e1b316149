package io.aurorakit.config;

import io.aurorakit.internal.Secrets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link java.util.Properties} whose {@code toString()} masks the values of secret keys ({@link Secrets}), so that
 * logging {@link AuroraConfig#wrapperProperties()} never shows a pass-through secret such as {@code sslpassword}.
 */
final class MaskedProperties extends java.util.Properties {

    private static final long serialVersionUID = 1L;

    @Override
    public synchronized String toString() {
        Map<String, String> shown = new TreeMap<>();
        forEach((k, v) -> shown.put(String.valueOf(k), Secrets.shown(String.valueOf(k), String.valueOf(v))));
        return shown.toString();
    }
}
