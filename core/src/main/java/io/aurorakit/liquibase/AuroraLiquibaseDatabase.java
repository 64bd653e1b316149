package io.aurorakit.liquibase;

import io.aurorakit.AuroraDriver;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.PostgresDatabase;

/**
 * Tells Liquibase 4 which driver serves {@code jdbc:aurora:postgresql://} URLs ({@link AuroraDriver}), so a URL alone
 * is enough; Liquibase finds it on the classpath by itself ({@code ServiceLoader}):
 *
 * <pre>{@code
 * Database db = DatabaseFactory.getInstance().openDatabase(
 *         "jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app", "app", password,
 *         null, new ClassLoaderResourceAccessor());
 * // or: liquibase update --url=jdbc:aurora:postgresql://... --changelog-file=db/changelog.xml
 * }</pre>
 *
 * <p>A driver hint only: it never claims a connection, so Liquibase's own {@link PostgresDatabase} handles the
 * database (SQL, {@code dbms="postgresql"} changesets, locks), and plain {@code jdbc:postgresql:} URLs are untouched.
 * Its short name is {@value #SHORT_NAME}, so it hides no other database. Only Liquibase loads this class: an
 * application without Liquibase never sees it.
 */
public class AuroraLiquibaseDatabase extends PostgresDatabase {

    /** The short name Liquibase files this hint under; no connection ever gets it. */
    public static final String SHORT_NAME = "aurorakit-postgresql";

    /** Called by Liquibase's service locator. */
    public AuroraLiquibaseDatabase() {
        // stateless
    }

    @Override
    public String getShortName() {
        return SHORT_NAME;
    }

    /** {@link AuroraDriver} for {@code jdbc:aurora:postgresql:} URLs, none for any other. */
    @Override
    public String getDefaultDriver(String url) {
        return url != null && url.startsWith(AuroraDriver.URL_PREFIX) ? AuroraDriver.class.getName() : null;
    }

    /** Never: the connection is Liquibase's {@link PostgresDatabase}'s. */
    @Override
    public boolean isCorrectDatabaseImplementation(DatabaseConnection connection) {
        return false;
    }
}
