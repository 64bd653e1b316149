package io.aurorakit.lab.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an RDS Query API request ({@code Action=...&Version=2014-10-31&...}, form-encoded in the body of a
 * POST or in the query string), with the Query protocol's list and structure naming:
 * {@code Filters.Filter.1.Name}, {@code Filters.Filter.1.Values.Value.1}, {@code EventCategories.EventCategory.1}.
 */
final class QueryRequest {

    /** A {@code Filter}: a name and its values. */
    record Filter(String name, List<String> values) {
    }

    private final Map<String, String> params;

    private QueryRequest(Map<String, String> params) {
        this.params = params;
    }

    /** Parses the query string and the form body (either may be null or empty); body values win. */
    static QueryRequest parse(String query, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        decodeInto(query, params);
        decodeInto(body, params);
        return new QueryRequest(params);
    }

    private static void decodeInto(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    /** The parameter, or null when absent or empty. */
    String get(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    String required(String name) {
        String value = get(name);
        if (value == null) {
            throw RdsFault.missingParameter(name);
        }
        return value;
    }

    /** {@code true}/{@code false} (any case), or {@code defaultValue} when absent. */
    boolean bool(String name, boolean defaultValue) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw RdsFault.invalidParameterValue("Invalid value '" + value + "' for " + name
                + "; expected true or false.");
    }

    /** A whole number, or null when absent. */
    Integer integer(String name) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw RdsFault.invalidParameterValue("Invalid value '" + value + "' for " + name
                    + "; expected an integer.");
        }
    }

    /** An ISO-8601 timestamp ({@code 2026-12-02T06:00:00Z}, with or without fraction or offset), or null. */
    Instant instant(String name) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw RdsFault.invalidParameterValue("Invalid value '" + value + "' for " + name
                        + "; expected an ISO-8601 timestamp such as 2026-12-02T06:00:00Z.");
            }
        }
    }

    /** A list member: {@code <name>.<item>.1}, {@code <name>.<item>.2}, ... (also {@code <name>.member.N}). */
    List<String> list(String name, String item) {
        List<String> values = new ArrayList<>();
        for (int n = 1; ; n++) {
            String value = params.get(name + "." + item + "." + n);
            if (value == null) {
                value = params.get(name + ".member." + n);
            }
            if (value == null) {
                return values;
            }
            values.add(value);
        }
    }

    /** {@code Filters.Filter.N.Name} with {@code Filters.Filter.N.Values.Value.M}. */
    List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        for (int n = 1; ; n++) {
            String prefix = "Filters.Filter." + n;
            String name = params.get(prefix + ".Name");
            if (name == null) {
                name = params.get("Filters.member." + n + ".Name");
                prefix = "Filters.member." + n;
            }
            if (name == null) {
                return filters;
            }
            List<String> values = list(prefix + ".Values", "Value");
            if (values.isEmpty()) {
                throw RdsFault.invalidParameterValue("Filter " + name + " needs at least one value.");
            }
            filters.add(new Filter(name, values));
        }
    }

    @Override
    public String toString() {
        return "QueryRequest" + params.keySet();
    }
}
