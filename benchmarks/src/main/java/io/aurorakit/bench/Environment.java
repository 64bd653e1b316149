package io.aurorakit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where and with what a measurement ran: machine (CPU, cores, memory, load), OS, JDK and the versions of the
 * libraries measured (read from their jars' Maven metadata).
 *
 * @param machine  CPU model, cores, memory, load average at start
 * @param versions library name to version
 */
record Environment(Map<String, String> machine, Map<String, String> versions) {

    private static final List<String[]> ARTIFACTS = List.of(
            new String[] {"io.aurorakit", "aurora-kit-core"},
            new String[] {"com.zaxxer", "HikariCP"},
            new String[] {"org.openjdk.jmh", "jmh-core"},
            new String[] {"org.knowm.xchart", "xchart"});

    /** The current JVM's environment; {@code postgresVersion} as reported by {@code SELECT version()}. */
    static Environment current(String postgresVersion) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", cpuModel());
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstLine("/proc/meminfo").replaceAll("\\s+", " "));
        machine.put("loadAverageAtStart", firstLine("/proc/loadavg"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        Map<String, String> versions = new LinkedHashMap<>();
        // Neither driver jar carries Maven metadata; both publish their version as a constant.
        versions.put("aws-advanced-jdbc-wrapper", software.amazon.jdbc.util.DriverInfo.DRIVER_VERSION);
        versions.put("pgjdbc", org.postgresql.util.DriverInfo.DRIVER_VERSION);
        for (String[] artifact : ARTIFACTS) {
            versions.put(artifact[1], artifactVersion(artifact[0], artifact[1]));
        }
        versions.put("postgresql-server", postgresVersion);
        return new Environment(machine, versions);
    }

    static String artifactVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Environment.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String firstLine(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? "unknown" : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
