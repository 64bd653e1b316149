package io.aurorakit.drill;

import io.aurorakit.insights.DbLoad;
import io.aurorakit.insights.DbLoadKey;
import java.util.List;

/**
 * One key of a top list as the drill prints and writes it: its name for people (a wait event such as
 * {@code Lock:transactionid}, a statement on one line) and its load in average active sessions.
 *
 * @param name                  the key's label
 * @param averageActiveSessions its load over the window
 */
record LoadEntry(String name, double averageActiveSessions) {

    /** The keys of {@code load}, highest load first, labelled by the group's naming dimension. */
    static List<LoadEntry> of(DbLoad load) {
        return load.keys().stream().map(key -> new LoadEntry(label(load, key), key.total())).toList();
    }

    private static String label(DbLoad load, DbLoadKey key) {
        String text = key.get(load.group().label()).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "(unknown)" : text;
    }
}
