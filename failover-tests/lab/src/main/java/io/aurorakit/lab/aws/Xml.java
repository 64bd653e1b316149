package io.aurorakit.lab.aws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A minimal XML writer: nested elements and escaped text, nothing else. */
final class Xml {

    private final StringBuilder out = new StringBuilder(512);

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(xmlns)).append("\">");
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing when the value is null. */
    Xml leaf(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</")
                    .append(name).append('>');
        }
        return this;
    }

    /** A timestamp as ISO-8601 UTC with milliseconds, e.g. {@code 2026-12-02T06:01:02.345Z}. */
    Xml leaf(String name, Instant value) {
        return leaf(name, value == null ? null : (Object) value.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
