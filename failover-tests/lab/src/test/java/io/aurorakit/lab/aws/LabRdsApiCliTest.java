package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runbook of the README with the AWS CLI: {@code aws rds failover-db-cluster --endpoint-url ...}, then
 * {@code describe-db-clusters} until {@code available} with a new writer. Skipped when there is no {@code aws}
 * command; the CLI runs isolated from the machine's AWS configuration (dummy keys, no config files).
 */
class LabRdsApiCliTest {

    /** Started by the first test that runs, so that nothing starts when the CLI is missing. */
    private static AuroraLab lab;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> US_EAST_1 = Map.of("AWS_DEFAULT_REGION", "us-east-1");

    /** An assumption per test (in @BeforeAll, surefire would report neither the skip nor its reason). */
    @BeforeEach
    void awsCliPresentAndLabStarted() {
        assumeTrue(findOnPath("aws") != null, "no 'aws' command on the PATH (" + System.getenv("PATH")
                + "): the AWS CLI runbook test is skipped; install the AWS CLI (v1 or v2) to run it");
        if (lab == null) {
            lab = AuroraLab.builder().readers(1).timing(LabTiming.FAST).start();
        }
        lab.awaitHealthy(Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void failoverDbClusterWithTheAwsCliThenDescribeUntilAvailable() throws Exception {
        String oldWriter = lab.writerId();

        Result failover = aws(US_EAST_1, "rds", "failover-db-cluster", "--endpoint-url", endpoint(lab),
                "--db-cluster-identifier", lab.clusterIdentifier());

        assertThat(failover.exit).as(failover.toString()).isZero();
        assertThat(failover.json().at("/DBCluster/Status").asText()).isEqualTo("failing-over");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode cluster;
        do {
            Result describe = aws(US_EAST_1, "rds", "describe-db-clusters", "--endpoint-url", endpoint(lab),
                    "--db-cluster-identifier", lab.clusterIdentifier());
            assertThat(describe.exit).as(describe.toString()).isZero();
            cluster = describe.json().at("/DBClusters/0");
            if ("available".equals(cluster.path("Status").asText()) && !oldWriter.equals(writer(cluster))) {
                break;
            }
            assertThat(System.nanoTime()).as("available with a new writer within 60 s; last: " + cluster)
                    .isLessThan(deadline);
        } while (true);
        assertThat(writer(cluster)).isEqualTo(lab.writerId());
        assertThat(cluster.path("Endpoint").asText()).isEqualTo(lab.clusterEndpoint());
        assertThat(cluster.path("Port").asInt()).isEqualTo(lab.port());
        assertThat(cluster.path("Engine").asText()).isEqualTo("aurora-postgresql");

        Result events = aws(US_EAST_1, "rds", "describe-events", "--endpoint-url", endpoint(lab),
                "--source-type", "db-cluster", "--source-identifier", lab.clusterIdentifier(), "--duration", "60");
        assertThat(events.exit).as(events.toString()).isZero();
        List<String> messages = new ArrayList<>();
        events.json().path("Events").forEach(e -> messages.add(e.path("Message").asText()));
        assertThat(messages).contains("Completed failover to DB instance: " + lab.writerId());
    }

    @Test
    void unknownClusterIsDbClusterNotFoundFault() throws Exception {
        Result describe = aws(US_EAST_1, "rds", "describe-db-clusters", "--endpoint-url", endpoint(lab),
                "--db-cluster-identifier", "nope");

        assertThat(describe.exit).as(describe.toString()).isNotZero();
        assertThat(describe.stderr).contains("DBClusterNotFoundFault").contains("DBCluster nope not found.");
    }

    /**
     * {@code AWS_ENDPOINT_URL_RDS} works outside us-east-1: in us-east-1 the AWS CLI v1 pins RDS to
     * {@code https://rds.amazonaws.com} (its customization for the certificate's common name) unless
     * {@code --endpoint-url} is given, and so ignores the variable (the SDKs and the CLI v2 do not).
     */
    @Test
    void awsEndpointUrlRdsEnvironmentVariableOutsideUsEast1() throws Exception {
        Result describe = aws(Map.of("AWS_DEFAULT_REGION", "eu-west-1", "AWS_ENDPOINT_URL_RDS", endpoint(lab)),
                "rds", "describe-db-instances");

        assertThat(describe.exit).as(describe.toString()).isZero();
        assertThat(describe.json().path("DBInstances")).hasSize(2);
        assertThat(describe.json().at("/DBInstances/0/DbiResourceId").asText())
                .isEqualTo(lab.resourceId("instance-1"));
    }

    @Test
    void awsEndpointUrlSecretsManagerEnvironmentVariableInUsEast1() throws Exception {
        Result secret = aws(Map.of("AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                endpoint(lab)), "secretsmanager", "get-secret-value", "--secret-id", lab.secretName());

        assertThat(secret.exit).as(secret.toString()).isZero();
        assertThat(secret.json().path("ARN").asText()).isEqualTo(lab.secretArn());
    }

    @Test
    void getSecretValueWithTheAwsCli() throws Exception {
        Result secret = aws(US_EAST_1, "secretsmanager", "get-secret-value", "--endpoint-url", endpoint(lab),
                "--secret-id", lab.secretArn());

        assertThat(secret.exit).as(secret.toString()).isZero();
        assertThat(secret.json().path("Name").asText()).isEqualTo(lab.secretName());
        JsonNode value = JSON.readTree(secret.json().path("SecretString").asText());
        assertThat(value.path("username").asText()).isEqualTo(lab.user());
        assertThat(value.path("password").asText()).isEqualTo(lab.password());
        Result missing = aws(US_EAST_1, "secretsmanager", "get-secret-value", "--endpoint-url", endpoint(lab),
                "--secret-id", "nope");
        assertThat(missing.exit).isNotZero();
        assertThat(missing.stderr).contains("ResourceNotFoundException");
    }

    private static String endpoint(AuroraLab lab) {
        return lab.rdsEndpoint().toString();
    }

    private static String writer(JsonNode cluster) {
        for (JsonNode member : cluster.path("DBClusterMembers")) {
            if (member.path("IsClusterWriter").asBoolean()) {
                return member.path("DBInstanceIdentifier").asText();
            }
        }
        return null;
    }

    /** Runs {@code aws <args> --output json} with dummy keys, no configuration files and {@code environment}. */
    private static Result aws(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDLABDUMMY");
        env.put("AWS_SECRET_ACCESS_KEY", "lab-dummy-secret");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(environment);
        Path out = Files.createTempFile("aws-cli", ".out");
        Path err = Files.createTempFile("aws-cli", ".err");
        try {
            Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish within " + COMMAND_TIMEOUT);
            }
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Result(List<String> command, int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
