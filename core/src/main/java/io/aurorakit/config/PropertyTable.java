package io.aurorakit.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * Renders the {@link AuroraProperty} catalogue and the {@link Preset} differences as the Markdown tables kept in the
 * README between {@code <!-- properties:begin -->} and {@code <!-- properties:end -->}.
 */
final class PropertyTable {

    static final String BEGIN = "<!-- properties:begin -->";
    static final String END = "<!-- properties:end -->";

    private PropertyTable() {
    }

    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from io.aurorakit.config.AuroraProperty and Preset; a core test fails when this"
                + " table drifts. Regenerate: ./mvnw -B -pl core test -Dtest=ReadmePropertyTableTest"
                + " -Daurorakit.readme.update=true -->\n\n");
        md.append("| property | Spring Boot | default | unit | description |\n|---|---|---|---|---|\n");
        for (AuroraProperty p : AuroraProperty.values()) {
            md.append("| `").append(p.key()).append("` | `").append(p.springName()).append("` | ").append(cell(p.defaultValue().orElse(null), p)).append(" | ")
                    .append(p.unit().isEmpty() ? "" : p.unit()).append(" | ").append(escape(p.description()))
                    .append(p.isSecret() ? " (secret)" : "").append(" |\n");
        }
        Set<AuroraProperty> varying = EnumSet.noneOf(AuroraProperty.class);
        for (Preset preset : Preset.values()) {
            varying.addAll(preset.overrides().keySet());
        }
        md.append("\nPresets (`preset=...`; explicit properties win):\n\n| property |");
        for (Preset preset : Preset.values()) {
            md.append(" `").append(preset.urlName()).append("` |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(Preset.values().length));
        md.append('\n');
        for (AuroraProperty p : varying) {
            md.append("| `").append(p.key()).append("` |");
            for (Preset preset : Preset.values()) {
                md.append(' ').append(cell(preset.valueFor(p), p)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** A value in code style, or the property's documented default (e.g. "same as maximumPoolSize") as text. */
    private static String cell(String value, AuroraProperty p) {
        return value == null ? p.defaultText() : "`" + value + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
