package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 22: credentials from AWS Secrets Manager (the wrapper's {@code awsSecretsManager} plugin, added to
 * aurora-kit's plugins, pointed at the lab's Secrets Manager API). After the lab rotates the secret - a new password
 * in PostgreSQL and in the secret, the old one refused - new connections succeed without restarting the application:
 * a pool refill (the plugin's cached password fails with 28P01, it fetches the secret again) and the reconnects of a
 * writer failover. A secret that does not exist is one clear error.
 */
class SecretRotationIsSurvivedTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s22_rotation";

    @BeforeAll
    static void dummyAwsCredentials() {
        // The SDK's standard chain reads these system properties; the lab accepts any signature.
        System.setProperty("aws.accessKeyId", "AKIAAURORALAB0000000");
        System.setProperty("aws.secretAccessKey", "aurora-lab-dummy-secret");
    }

    @AfterAll
    static void clearAwsCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void poolRefillsAndFailoverReconnectsUseTheRotatedPassword(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = fromSecret(lab, lab.secretArn())) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            assertThat(ds.write(LabSql.insert(TABLE, "before-rotation"))).isEqualTo(lab.writerId());

            String oldPassword = lab.password();
            long rotationStart = System.currentTimeMillis();
            lab.rotateSecret();
            assertThat(lab.password()).isNotEqualTo(oldPassword);
            assertThatThrownBy(() -> DriverManager.getConnection(lab.directJdbcUrl(lab.writerId()), lab.user(),
                    oldPassword).close()).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));

            // The pool opens new connections: its cached password is refused once, the plugin fetches the secret again.
            ds.pools().get("writer").getHikariPoolMXBean().softEvictConnections();
            assertThat(ds.write(LabSql.insert(TABLE, "after-rotation"))).isEqualTo(lab.writerId());
            long sessionStart = Long.parseLong(ds.write(c -> LabQueries.queryString(c, "SELECT (extract(epoch FROM"
                    + " backend_start) * 1000)::bigint FROM pg_stat_activity WHERE pid = pg_backend_pid()")));
            assertThat(sessionStart).as("the session was opened after the rotation").isGreaterThanOrEqualTo(
                    rotationStart);

            // A failover: the wrapper reconnects to the new writer with the rotated password.
            String oldWriter = lab.writerId();
            FailoverReport crash = lab.crashWriter();
            assertThat(crash.writerChanged()).isTrue();
            String landedOn = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int i = 0; landedOn == null && System.nanoTime() < deadline; i++) {
                try {
                    landedOn = ds.write(LabSql.insert(TABLE, "after-failover-" + i));
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as("%s", e).doesNotStartWith("28");
                }
            }
            assertThat(landedOn).isEqualTo(lab.writerId()).isNotEqualTo(oldWriter);
        }
    }

    @Test
    void aMissingSecretIsOneClearError(AuroraLab lab) {
        try (AuroraDataSource ds = fromSecret(lab, "no-such-secret")) {
            assertThatThrownBy(() -> ds.write(c -> LabQueries.instanceId(c))).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("AWS Secrets Manager did not give the database credentials for"
                            + " secretsManagerSecretId='no-such-secret'")
                    .hasMessageContaining("can't find the specified secret")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(lab.password()).doesNotContain("\n"));
            assertThat(ds.stats().attempts()).as("not retried").isEqualTo(1);
            assertThat(ds.stats().retries()).isZero();
        }
    }

    private static AuroraDataSource fromSecret(AuroraLab lab, String secretId) {
        return AuroraDataSource.builder()
                .url(lab.jdbcUrl())
                .preset(Preset.FAST_FAILOVER)
                .maximumPoolSize(LabDataSources.POOL_SIZE)
                .property("clusterId", "suite-" + UUID.randomUUID())
                .property("additionalPlugins", "awsSecretsManager")
                .property("secretsManagerSecretId", secretId)
                .property("secretsManagerRegion", "us-east-1")
                .property("secretsManagerEndpoint", lab.secretsManagerEndpoint().toString())
                .build();
    }
}
