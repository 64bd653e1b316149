package io.aurorakit.lab.aws;

/** What the Secrets Manager endpoint needs from a lab: its one secret. Implemented by {@code AuroraLab}. */
public interface SecretBackend {

    /** The secret's current version ({@code AWSCURRENT}). */
    SecretSnapshot current();
}
