package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Rotation of the clients' password, as Secrets Manager's rotation of an RDS secret does it: {@code ALTER ROLE} on
 * the writer, wait until every running reader has replayed it (so that each instance accepts the new password and
 * refuses the old one when this returns), then the lab's credentials and a new version of the secret. Runs between
 * control-plane actions, never during a failover. Sessions already logged in stay, as on PostgreSQL and Aurora.
 */
final class PasswordRotation {

    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(20);

    private PasswordRotation() {
    }

    /** @return the new secret version's id */
    static String rotate(FailoverController controller, LabCredentials credentials, LabSecret secret) {
        return controller.exclusive(() -> {
            PostgresInstance writer = controller.writer();
            if (!writer.running()) {
                throw new IllegalStateException("cannot rotate the secret: the writer " + writer.id() + " is "
                        + writer.state() + "; restart or resume it first");
            }
            String password = LabCredentials.randomPassword();
            String lsn;
            try (Connection c = writer.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("ALTER ROLE " + credentials.superuser() + " WITH PASSWORD '" + password + "'");
                try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_current_wal_lsn()::text")) {
                    rs.next();
                    lsn = rs.getString(1);
                }
            }
            for (PostgresInstance reader : controller.instances()) {
                if (reader != writer && reader.running()) {
                    awaitReplay(reader, lsn);
                }
            }
            credentials.superuserPassword(password);
            return secret.rotate(password);
        });
    }

    private static void awaitReplay(PostgresInstance reader, String lsn) throws SQLException {
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        try (Connection c = reader.connect("postgres");
             PreparedStatement s = c.prepareStatement(
                     "SELECT coalesce(pg_catalog.pg_last_wal_replay_lsn() >= ?::pg_lsn, true)")) {
            s.setString(1, lsn);
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AuroraLabException("the password change did not reach " + reader.id() + " within "
                            + REPLAY_TIMEOUT.toMillis() + " ms (it has not replayed WAL up to " + lsn + ")");
                }
                FailoverController.sleep(Duration.ofMillis(10));
            }
        }
    }
}
