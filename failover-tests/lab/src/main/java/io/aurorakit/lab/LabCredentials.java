package io.aurorakit.lab;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The lab's database accounts: a superuser for clients and the control plane, and a replication role for standbys,
 * each with a random password. The passwords live in files readable only by the PostgreSQL account (initdb's
 * {@code --pwfile} and a libpq passfile used by pg_basebackup and primary_conninfo) and never in logs or toString().
 */
final class LabCredentials {

    static final String SUPERUSER = "aurora";
    static final String REPLICATION_USER = "repl";

    private final String superuserPassword;
    private final String replicationPassword;
    private final Path superuserPasswordFile;
    private final Path passFile;

    private LabCredentials(String superuserPassword, String replicationPassword, Path superuserPasswordFile,
                           Path passFile) {
        this.superuserPassword = superuserPassword;
        this.replicationPassword = replicationPassword;
        this.superuserPasswordFile = superuserPasswordFile;
        this.passFile = passFile;
    }

    static LabCredentials create(LabWorkspace workspace, PostgresBinaries binaries) {
        String superPw = randomPassword();
        String replPw = randomPassword();
        Path pwFile = workspace.writePrivateFile("superuser.pw", superPw + "\n", binaries);
        Path pgpass = workspace.writePrivateFile("pgpass",
                "*:*:*:" + SUPERUSER + ":" + superPw + "\n*:*:*:" + REPLICATION_USER + ":" + replPw + "\n", binaries);
        return new LabCredentials(superPw, replPw, pwFile, pgpass);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String superuser() {
        return SUPERUSER;
    }

    String superuserPassword() {
        return superuserPassword;
    }

    String replicationUser() {
        return REPLICATION_USER;
    }

    String replicationPassword() {
        return replicationPassword;
    }

    Path superuserPasswordFile() {
        return superuserPasswordFile;
    }

    Path passFile() {
        return passFile;
    }

    @Override
    public String toString() {
        return "LabCredentials[" + SUPERUSER + ", " + REPLICATION_USER + ", passwords hidden]";
    }
}
