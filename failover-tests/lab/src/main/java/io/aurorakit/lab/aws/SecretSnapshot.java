package io.aurorakit.lab.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a secret, as {@code GetSecretValue} returns it.
 *
 * @param arn          e.g. {@code arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-...-AbCdEf}
 * @param name         the secret's name
 * @param versionId    the version's id (a UUID)
 * @param secretString the JSON text
 * @param createdDate  when this version was made
 */
public record SecretSnapshot(String arn, String name, String versionId, String secretString, Instant createdDate) {

    public SecretSnapshot {
        Objects.requireNonNull(arn);
        Objects.requireNonNull(name);
        Objects.requireNonNull(versionId);
        Objects.requireNonNull(secretString);
        Objects.requireNonNull(createdDate);
    }

    @Override
    public String toString() {
        return "SecretSnapshot[" + name + ", version " + versionId + ", value hidden]";
    }
}
