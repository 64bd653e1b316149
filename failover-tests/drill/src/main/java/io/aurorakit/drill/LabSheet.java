package io.aurorakit.drill;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabInstance;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a person needs to use a running lab from another process: endpoints, credentials, the hosts file and JVM flags,
 * the Toxiproxy API, the AWS APIs with each instance's Performance Insights resource id, and {@code export NAME=value}
 * lines ({@code DATABASE_URL_WRITER}/{@code _READER} in the form
 * {@code AuroraDataSource.fromEnvironment()} reads).
 */
final class LabSheet {

    static final String REGION = "us-east-1";
    /** Dummy credentials: the lab's AWS endpoints accept any SigV4 signature. */
    static final String ACCESS_KEY = "AKIAAURORALAB0000000";
    static final String SECRET_KEY = "aurora-lab-dummy-secret";

    private final AuroraLab lab;

    LabSheet(AuroraLab lab) {
        this.lab = lab;
    }

    /** The variables to export, in order. */
    Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("DATABASE_URL_WRITER", url(lab.clusterEndpoint()));
        v.put("DATABASE_URL_READER", url(lab.readerEndpoint()));
        v.put("AURORA_LAB_HOSTS_FILE", lab.hostsFile().toString());
        v.put("AURORA_LAB_JVM_FLAGS", jvmFlags());
        v.put("AURORA_LAB_CLUSTER_ID", lab.clusterIdentifier());
        v.put("AURORA_LAB_TOXIPROXY_URL", lab.toxiproxyUrl().toString());
        v.put("AWS_ENDPOINT_URL_RDS", lab.rdsEndpoint().toString());
        if (lab.performanceInsightsEnabled()) {
            v.put("AWS_ENDPOINT_URL_PI", lab.performanceInsightsEndpoint().toString());
        }
        v.put("AWS_REGION", REGION);
        v.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        v.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        return v;
    }

    /** The flags a JVM needs to resolve the lab's Aurora names (only the lab's: never use them against real hosts). */
    String jvmFlags() {
        return "-Djdk.net.hosts.file=" + lab.hostsFile() + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0";
    }

    private String url(String host) {
        StringBuilder url = new StringBuilder("jdbc:aurora:postgresql://").append(host).append(':').append(lab.port())
                .append('/').append(lab.database()).append("?user=").append(encode(lab.user())).append("&password=")
                .append(encode(lab.password()));
        if (lab.tlsEnabled()) {
            url.append("&sslmode=verify-full&sslrootcert=").append(encode(lab.rootCertificate().toString()));
        }
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The whole sheet. */
    String text(long startMillis) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("Aurora lab up in %d ms: cluster %s, %d instances, %s timing%n", startMillis,
                lab.clusterIdentifier(), lab.instances().size(), lab.timing().name().toLowerCase()));
        t.append(String.format("  cluster endpoint  %s:%d (writer %s)%n", lab.clusterEndpoint(), lab.port(),
                lab.writerId()));
        t.append(String.format("  reader endpoint   %s:%d%n", lab.readerEndpoint(), lab.port()));
        for (LabInstance i : lab.instances()) {
            t.append(String.format("  instance          %s:%d  %s, tier %d  (direct, for psql: %s)%n", i.host(),
                    lab.port(), i.role().name().toLowerCase(), i.tier(), lab.directJdbcUrl(i.id())));
        }
        t.append(String.format("  database / user   %s / %s, password %s%n", lab.database(), lab.user(),
                lab.password()));
        if (lab.tlsEnabled()) {
            t.append(String.format("  TLS root CA       %s (sslmode=verify-full)%n", lab.rootCertificate()));
        }
        t.append(String.format("  hosts file        %s%n", lab.hostsFile()));
        t.append(String.format("  JVM flags         %s%n", jvmFlags()));
        t.append(String.format("  Toxiproxy API     %s%n", lab.toxiproxyUrl()));
        t.append(String.format("  RDS API           %s (cluster identifier %s; any SigV4 credentials)%n",
                lab.rdsEndpoint(), lab.clusterIdentifier()));
        if (lab.performanceInsightsEnabled()) {
            t.append(String.format("  PI API            %s (Performance Insights: DescribeDimensionKeys,"
                    + " GetResourceMetrics; Identifier = the instance's resource id)%n",
                    lab.performanceInsightsEndpoint()));
            for (LabInstance i : lab.instances()) {
                t.append(String.format("  PI resource id    %s  %s%n", lab.resourceId(i.id()), i.id()));
            }
        }
        t.append(String.format("  lab directory     %s%n", lab.directory()));
        t.append(String.format("%nPaste into a shell:%n"));
        variables().forEach((name, value) -> t.append("export ").append(name).append("='").append(value).append("'\n"));
        return t.toString();
    }
}
