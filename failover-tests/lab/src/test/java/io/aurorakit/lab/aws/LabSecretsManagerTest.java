package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The lab's Secrets Manager endpoint with the real SDK's SecretsManagerClient, and rotation with real logins. */
class LabSecretsManagerTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(1).timing(LabTiming.FAST));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void client() {
        secrets = SecretsManagerClient.builder()
                .endpointOverride(LAB.lab().secretsManagerEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDLABDUMMY", "lab-dummy-secret")))
                .build();
    }

    @AfterAll
    static void closeClient() {
        secrets.close();
    }

    @Test
    void getSecretValueReturnsTheClusterSecretByArnOrName(AuroraLab lab) throws Exception {
        GetSecretValueResponse byArn = secrets.getSecretValue(b -> b.secretId(lab.secretArn()));

        assertThat(byArn.arn()).isEqualTo(lab.secretArn())
                .matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-[0-9a-f-]{36}-\\w{6}");
        assertThat(byArn.name()).isEqualTo(lab.secretName());
        assertThat(byArn.versionStages()).containsExactly("AWSCURRENT");
        assertThat(byArn.versionId()).isNotBlank();
        assertThat(byArn.createdDate()).isNotNull();
        JsonNode value = JSON.readTree(byArn.secretString());
        assertThat(value.path("username").asText()).isEqualTo(lab.user());
        assertThat(value.path("password").asText()).isEqualTo(lab.password());
        assertThat(value.path("engine").asText()).isEqualTo("postgres");
        assertThat(value.path("host").asText()).isEqualTo(lab.clusterEndpoint());
        assertThat(value.path("port").asInt()).isEqualTo(lab.port());
        assertThat(value.path("dbClusterIdentifier").asText()).isEqualTo(lab.clusterIdentifier());

        GetSecretValueResponse byName = secrets.getSecretValue(b -> b.secretId(lab.secretName()));
        assertThat(byName.versionId()).isEqualTo(byArn.versionId());
        assertThat(byName.secretString()).isEqualTo(byArn.secretString());
        try (RdsClient rds = LabRds.client(lab)) {
            assertThat(LabRds.describe(rds, lab).masterUserSecret().secretArn()).isEqualTo(lab.secretArn());
            assertThat(LabRds.describe(rds, lab).masterUsername()).isEqualTo(lab.user());
        }
    }

    @Test
    void anUnknownSecretIsResourceNotFound(AuroraLab lab) {
        ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                () -> secrets.getSecretValue(b -> b.secretId("rds!cluster-nope")));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Secrets Manager can't find the specified secret.");
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> secrets.getSecretValue(b -> b
                .secretId(lab.secretArn()).versionStage("AWSPREVIOUS"))).awsErrorDetails().errorMessage())
                .contains("AWSPREVIOUS");
    }

    @Test
    void rotateSecretChangesThePasswordInPostgresAndTheSecretAndTheLabKeepsWorking(AuroraLab lab)
            throws Exception {
        GetSecretValueResponse before = secrets.getSecretValue(b -> b.secretId(lab.secretArn()));
        String oldPassword = JSON.readTree(before.secretString()).path("password").asText();
        String reader = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).findFirst().orElseThrow();
        try (Connection held = login(lab, lab.clusterEndpoint(), oldPassword)) {
            assertThat(select1(held)).isEqualTo(1);

            String versionId = lab.rotateSecret();

            GetSecretValueResponse after = secrets.getSecretValue(b -> b.secretId(lab.secretArn()));
            String newPassword = JSON.readTree(after.secretString()).path("password").asText();
            assertThat(after.versionId()).isEqualTo(versionId).isNotEqualTo(before.versionId());
            assertThat(newPassword).isEqualTo(lab.password()).isNotEqualTo(oldPassword);
            assertThat(after.versionStages()).containsExactly("AWSCURRENT");
            for (String host : new String[] {lab.clusterEndpoint(), lab.instanceEndpoint(reader)}) {
                SQLException refused = catchThrowableOfType(SQLException.class, () -> login(lab, host, oldPassword));
                assertThat(refused.getSQLState()).as("old password on " + host).isEqualTo("28P01");
                try (Connection c = login(lab, host, newPassword)) {
                    assertThat(select1(c)).isEqualTo(1);
                }
            }
            assertThat(select1(held)).as("a session logged in before the rotation stays").isEqualTo(1);
        }

        // the lab's own connections (control plane, heartbeat, connectDirect) still work
        FailoverReport report = lab.failover();
        assertThat(report.writerChanged()).isTrue();
        lab.awaitHealthy(Duration.ofSeconds(20));
        try (Connection direct = lab.connectDirect(report.oldWriterId())) {
            assertThat(select1(direct)).isEqualTo(1);
        }
        try (Connection c = login(lab, lab.clusterEndpoint(), lab.password())) {
            assertThat(select1(c)).isEqualTo(1);
        }
    }

    private static Connection login(AuroraLab lab, String host, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", lab.user());
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + lab.port() + "/" + lab.database(),
                props);
    }

    private static int select1(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
