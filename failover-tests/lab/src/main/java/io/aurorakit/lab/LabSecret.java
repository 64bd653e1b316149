package io.aurorakit.lab;

import io.aurorakit.lab.aws.SecretBackend;
import io.aurorakit.lab.aws.SecretSnapshot;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The lab's Secrets Manager secret: named like the secrets RDS manages for a cluster's master user
 * ({@code rds!cluster-<uuid>}), holding the clients' user and password with the keys Aurora's secrets and rotation
 * templates use ({@code username}, {@code password}, {@code engine}, {@code host}, {@code port},
 * {@code dbClusterIdentifier}). Each rotation makes a new version ({@code VersionId}).
 */
final class LabSecret implements SecretBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String name;
    private final String arn;
    private final String user;
    private final String host;
    private final int port;
    private final String clusterId;
    private volatile SecretSnapshot current;

    LabSecret(String user, String password, String host, int port, String clusterId) {
        this.name = "rds!cluster-" + UUID.randomUUID();
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        // Secrets Manager appends a dash and six random characters to the name in the ARN.
        this.arn = "arn:aws:secretsmanager:" + LabRdsBackend.REGION + ":" + io.aurorakit.lab.aws.LabAwsServer.ACCOUNT
                + ":secret:" + name + "-" + suffix;
        this.user = user;
        this.host = host;
        this.port = port;
        this.clusterId = clusterId;
        this.current = version(password);
    }

    private SecretSnapshot version(String password) {
        ObjectNode value = JSON.createObjectNode();
        value.put("username", user);
        value.put("password", password);
        value.put("engine", "postgres");
        value.put("host", host);
        value.put("port", port);
        value.put("dbClusterIdentifier", clusterId);
        try {
            return new SecretSnapshot(arn, name, UUID.randomUUID().toString(), JSON.writeValueAsString(value),
                    Instant.now());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SecretSnapshot current() {
        return current;
    }

    /** Makes a new {@code AWSCURRENT} version with this password; returns its VersionId. */
    String rotate(String newPassword) {
        SecretSnapshot next = version(newPassword);
        current = next;
        return next.versionId();
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    @Override
    public String toString() {
        return "LabSecret[" + name + ", version " + current.versionId() + "]";
    }
}
