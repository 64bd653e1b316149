package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab accepts TLS with a CA made at start: {@code sslmode=verify-full} with {@code sslrootcert} works against
 * every Aurora-style name (instance, cluster, reader endpoint) and fails for a name the certificate does not cover.
 */
class AuroraLabTlsTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    @Test
    void verifyFullWorksThroughInstanceClusterAndReaderNames(AuroraLab lab) throws Exception {
        System.out.println("[lab-metrics] lab start with TLS (1 writer + 1 reader): " + lab.startupTime().toMillis()
                + " ms");
        assertThat(lab.tlsEnabled()).isTrue();
        String writer = lab.writerId();
        String reader = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).findFirst().orElseThrow();

        assertThat(verifiedInstance(lab, lab.instanceEndpoint(writer))).isEqualTo(writer);
        assertThat(verifiedInstance(lab, lab.instanceEndpoint(reader))).isEqualTo(reader);
        assertThat(verifiedInstance(lab, lab.clusterEndpoint())).isEqualTo(writer);
        assertThat(verifiedInstance(lab, lab.readerEndpoint())).isEqualTo(reader);
    }

    @Test
    void verifyFullFailsForANameTheCertificateDoesNotCover(AuroraLab lab) throws Exception {
        String address = InetAddress.getByName(lab.clusterEndpoint()).getHostAddress();
        Properties props = lab.credentials();
        props.putAll(lab.tlsProperties());
        assertThatThrownBy(() -> open(lab, address, props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("hostname " + address);

        // the chain itself is valid: verify-ca (no name check) by address succeeds, encrypted
        props.setProperty("sslmode", "verify-ca");
        try (Connection c = open(lab, address, props)) {
            assertThat(LabQueries.ssl(c)).isTrue();
        }
    }

    @Test
    void clientsChooseWithSslmode(AuroraLab lab) throws Exception {
        Properties plain = lab.credentials();
        plain.setProperty("sslmode", "disable");
        try (Connection c = open(lab, lab.clusterEndpoint(), plain)) {
            assertThat(LabQueries.ssl(c)).as("sslmode=disable stays plain").isFalse();
        }
        try (Connection c = open(lab, lab.clusterEndpoint(), lab.credentials())) {
            assertThat(LabQueries.ssl(c)).as("pgjdbc's default sslmode=prefer encrypts, as against Aurora").isTrue();
        }
        try (Connection c = lab.connectDirect(lab.writerId())) {
            assertThat(LabQueries.ssl(c)).as("the lab's own direct connections stay plain").isFalse();
        }
    }

    @Test
    void rootCertificateIsAPemCaAndTheServerKeyIsPrivateToPostgres(AuroraLab lab) throws Exception {
        X509Certificate root;
        try (InputStream in = Files.newInputStream(lab.rootCertificate())) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        root.verify(root.getPublicKey());
        root.checkValidity();
        assertThat(root.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(root.getSubjectX500Principal().getName()).contains("AuroraLab");

        Path key = lab.directory().resolve(LabTls.SERVER_KEY_FILE);
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getOwner(key).getName()).isEqualTo(PostgresBinaries.OS_ACCOUNT);
        }
        assertThat(LabTls.dnsNames("lx7k2qa")).containsExactly(
                "*.lx7k2qa.us-east-1.rds.amazonaws.com",
                "*.cluster-lx7k2qa.us-east-1.rds.amazonaws.com",
                "*.cluster-ro-lx7k2qa.us-east-1.rds.amazonaws.com",
                "*.cluster-custom-lx7k2qa.us-east-1.rds.amazonaws.com");
    }

    @Test
    void aLabWithoutTlsRefusesTlsAndHasNoRootCertificate() throws Exception {
        try (AuroraLab plain = AuroraLab.builder().readers(0).tls(false).start()) {
            System.out.println("[lab-metrics] lab start without TLS (1 writer): " + plain.startupTime().toMillis()
                    + " ms");
            assertThat(plain.tlsEnabled()).isFalse();
            assertThatThrownBy(plain::rootCertificate).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tls(false)");
            Properties props = plain.credentials();
            props.setProperty("sslmode", "require");
            assertThatThrownBy(() -> open(plain, plain.clusterEndpoint(), props).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("SSL");
            try (Connection c = open(plain, plain.clusterEndpoint(), plain.credentials())) {
                assertThat(LabQueries.ssl(c)).isFalse();
            }
        }
    }

    private static String verifiedInstance(AuroraLab lab, String host) throws SQLException {
        Properties props = lab.credentials();
        props.putAll(lab.tlsProperties());
        try (Connection c = open(lab, host, props)) {
            assertThat(LabQueries.ssl(c)).as("pg_stat_ssl.ssl through %s", host).isTrue();
            return LabQueries.instanceId(c);
        }
    }

    private static Connection open(AuroraLab lab, String host, Properties props) throws SQLException {
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + lab.port() + "/" + lab.database(),
                props);
    }
}
