package io.aurorakit.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's names and addresses: a random lowercase id, a random loopback /24 {@code 127.a.b.0} and one port P shared
 * by every endpoint (the wrapper builds instance hosts from the URL's port, so instances differ by address only).
 * <ul>
 *   <li>instance N's endpoint {@code instance-N.<id>.us-east-1.rds.amazonaws.com} is its proxy at {@code 127.a.b.N:P};</li>
 *   <li>instance N's PostgreSQL listens at {@code 127.a.b.(100+N):P} (replication and direct URLs bypass the proxy);</li>
 *   <li>the cluster and reader endpoints {@code <name>.cluster[-ro]-<id>.us-east-1.rds.amazonaws.com} are hosts-file
 *       aliases of an instance proxy address, re-pointed like Aurora's CNAMEs;</li>
 *   <li>the embedded Toxiproxy API listens at {@code 127.a.b.250} on an ephemeral port.</li>
 * </ul>
 */
final class LabNetwork {

    static final String REGION_DOMAIN = "us-east-1.rds.amazonaws.com";
    static final int MAX_INSTANCES = 16;
    private static final int POSTGRES_OFFSET = 100;
    private static final int API_HOST = 250;
    private static final int MIN_PORT = 15000;
    private static final int PORT_RANGE = 17000; // below Linux's ephemeral range (32768+)
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String labId;
    private final String clusterName;
    private final int a;
    private final int b;
    private final int port;

    private LabNetwork(String labId, String clusterName, int a, int b, int port) {
        this.labId = labId;
        this.clusterName = clusterName;
        this.a = a;
        this.b = b;
        this.port = port;
    }

    /** Picks a random id, subnet and a port free on every address the lab will bind. */
    static LabNetwork allocate(String clusterName, int instances) {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("l");
        for (int i = 0; i < 6; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            LabNetwork candidate = new LabNetwork(id.toString(), clusterName, 16 + random.nextInt(235),
                    random.nextInt(256), MIN_PORT + random.nextInt(PORT_RANGE));
            if (candidate.allFree(instances)) {
                return candidate;
            }
        }
        throw new AuroraLabException("could not find a free loopback subnet and port for the lab after 50 attempts");
    }

    private boolean allFree(int instances) {
        List<String> addresses = new ArrayList<>();
        for (int n = 1; n <= instances; n++) {
            addresses.add(proxyAddress(n));
            addresses.add(postgresAddress(n));
        }
        for (String address : addresses) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    String labId() {
        return labId;
    }

    int port() {
        return port;
    }

    String subnet() {
        return "127." + a + "." + b + ".0/24";
    }

    static String instanceId(int n) {
        return "instance-" + n;
    }

    String proxyAddress(int n) {
        return "127." + a + "." + b + "." + n;
    }

    String postgresAddress(int n) {
        return "127." + a + "." + b + "." + (POSTGRES_OFFSET + n);
    }

    String apiAddress() {
        return "127." + a + "." + b + "." + API_HOST;
    }

    String instanceEndpoint(String instanceId) {
        return instanceId + "." + labId + "." + REGION_DOMAIN;
    }

    String clusterEndpoint() {
        return clusterName + ".cluster-" + labId + "." + REGION_DOMAIN;
    }

    String readerEndpoint() {
        return clusterName + ".cluster-ro-" + labId + "." + REGION_DOMAIN;
    }

    /** The wrapper's {@code clusterInstanceHostPattern} for this lab. */
    String instanceHostPattern() {
        return "?." + labId + "." + REGION_DOMAIN;
    }

    static String validateClusterName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,62}") || name.endsWith("-")) {
            throw new IllegalArgumentException("AuroraLab clusterName = '" + name + "' is invalid; expected 1-63 "
                    + "lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen "
                    + "(an Aurora DB cluster identifier), e.g. \"orders\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "LabNetwork[" + labId + ", " + subnet() + ", port " + port + "]";
    }
}
