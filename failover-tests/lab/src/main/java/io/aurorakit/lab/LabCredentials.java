package io.aurorakit.lab;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The lab's database accounts, each with a random password: the superuser clients log in as ({@value #SUPERUSER},
 * whose password {@link AuroraLab#rotateSecret()} changes), the lab's own administrator ({@value #ADMIN_USER}, named
 * after Aurora's internal role; the control plane, heartbeat and samplers log in as it, so a rotation of the client
 * password never locks the lab out) and a replication role for standbys. The administrator is initdb's bootstrap
 * superuser; its and the replication role's passwords live in files readable only by the PostgreSQL account
 * (initdb's {@code --pwfile} and a libpq passfile used by pg_basebackup and primary_conninfo). No password is ever in
 * logs or toString().
 */
final class LabCredentials {

    static final String SUPERUSER = "aurora";
    static final String ADMIN_USER = "rdsadmin";
    static final String REPLICATION_USER = "repl";

    private volatile String superuserPassword;
    private final String adminPassword;
    private final String replicationPassword;
    private final Path adminPasswordFile;
    private final Path passFile;

    private LabCredentials(String superuserPassword, String adminPassword, String replicationPassword,
                           Path adminPasswordFile, Path passFile) {
        this.superuserPassword = superuserPassword;
        this.adminPassword = adminPassword;
        this.replicationPassword = replicationPassword;
        this.adminPasswordFile = adminPasswordFile;
        this.passFile = passFile;
    }

    static LabCredentials create(LabWorkspace workspace, PostgresBinaries binaries) {
        String superPw = randomPassword();
        String adminPw = randomPassword();
        String replPw = randomPassword();
        Path pwFile = workspace.writePrivateFile("admin.pw", adminPw + "\n", binaries);
        Path pgpass = workspace.writePrivateFile("pgpass",
                "*:*:*:" + ADMIN_USER + ":" + adminPw + "\n*:*:*:" + REPLICATION_USER + ":" + replPw + "\n", binaries);
        return new LabCredentials(superPw, adminPw, replPw, pwFile, pgpass);
    }

    /** 24 letters and digits (no look-alikes): safe inside SQL string literals and JSON. */
    static String randomPassword() {
        return randomText(new SecureRandom(), "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
    }

    /** {@code length} characters drawn from {@code alphabet}: passwords, and the resource ids of the RDS API. */
    static String randomText(SecureRandom random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The clients' superuser. */
    String superuser() {
        return SUPERUSER;
    }

    /** The clients' superuser's current password (changed by a rotation). */
    String superuserPassword() {
        return superuserPassword;
    }

    /** After {@code ALTER ROLE} set it in PostgreSQL. */
    void superuserPassword(String password) {
        this.superuserPassword = password;
    }

    /** The lab's own administrator (initdb's bootstrap superuser). */
    String adminUser() {
        return ADMIN_USER;
    }

    String adminPassword() {
        return adminPassword;
    }

    String replicationUser() {
        return REPLICATION_USER;
    }

    String replicationPassword() {
        return replicationPassword;
    }

    /** initdb's {@code --pwfile}: the administrator's password. */
    Path adminPasswordFile() {
        return adminPasswordFile;
    }

    Path passFile() {
        return passFile;
    }

    @Override
    public String toString() {
        return "LabCredentials[" + SUPERUSER + ", " + ADMIN_USER + ", " + REPLICATION_USER + ", passwords hidden]";
    }
}
