package io.aurorakit.insights;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dimension groups of Performance Insights that aurora-kit reads and samples, with PI's names for the group
 * ({@code GroupBy.Group}) and for its dimensions ({@code db.wait_event.name}, ...).
 */
public enum DimensionGroup {
    /** Statements with their literals replaced by placeholders ({@code pg_stat_statements}' text). */
    SQL_TOKENIZED("db.sql_tokenized", "db.sql_tokenized.statement", "db.sql_tokenized.id", "db.sql_tokenized.db_id"),
    /** Wait events named {@code Type:Event} ({@code Lock:transactionid}), {@code CPU} when not waiting. */
    WAIT_EVENT("db.wait_event", "db.wait_event.name", "db.wait_event.type"),
    /** Wait event types ({@code Lock}, {@code IO}, {@code CPU}, ...). */
    WAIT_EVENT_TYPE("db.wait_event_type", "db.wait_event_type.name"),
    /** Database users. */
    USER("db.user", "db.user.name", "db.user.id"),
    /** Client hosts. */
    HOST("db.host", "db.host.name", "db.host.id"),
    /** {@code application_name} of the sessions. */
    APPLICATION("db.application", "db.application.name"),
    /** Databases. */
    DATABASE("db", "db.name");

    private final String piName;
    private final List<String> dimensions;

    DimensionGroup(String piName, String... dimensions) {
        this.piName = piName;
        this.dimensions = List.of(dimensions);
    }

    /** PI's name of the group, e.g. {@code db.wait_event}. */
    public String piName() {
        return piName;
    }

    /** PI's names of the group's dimensions; the first one names a key for people, e.g. {@code db.wait_event.name}. */
    public List<String> dimensions() {
        return dimensions;
    }

    /** The dimension that names a key for people, e.g. {@code db.sql_tokenized.statement}. */
    public String label() {
        return dimensions.get(0);
    }

    /**
     * The group PI calls {@code piName} ({@code db.wait_event}) or, for people, its short name ({@code wait-event},
     * {@code sql}).
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static DimensionGroup of(String name) {
        String wanted = name == null ? "" : name.trim();
        for (DimensionGroup group : values()) {
            if (group.piName.equals(wanted) || group.shortName().equals(wanted.toLowerCase(Locale.ROOT))
                    || (group == SQL_TOKENIZED && (wanted.equals("sql") || wanted.equals("db.sql")))) {
                return group;
            }
        }
        throw new IllegalArgumentException("unknown dimension group '" + name + "'; expected one of "
                + Arrays.stream(values()).map(g -> g.piName + " (" + g.shortName() + ")")
                        .collect(Collectors.joining(", ")));
    }

    /** The short name for people: {@code sql-tokenized}, {@code wait-event}, ... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
