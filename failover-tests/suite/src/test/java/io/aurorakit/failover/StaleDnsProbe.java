package io.aurorakit.failover;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.measure.LoadTable;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A client application for {@link DefaultDnsCacheFailoverTest}, run in a JVM of its own with the JDK's default DNS
 * cache (a resolved name is kept 30 s): every 100 ms it writes one row through the cluster endpoint and prints one line
 * per attempt, {@code ok <seq> <instance> <epochMs>} or {@code err <seq> <sqlstate> <epochMs> <message>}, until its
 * standard input closes.
 *
 * <p>Usage: {@code StaleDnsProbe aurora|plain <host> <port> <database> <user> <table>}, password in
 * {@code PROBE_PASSWORD}. {@code aurora} writes with {@link AuroraDataSource#write}; {@code plain} opens a new pgjdbc
 * connection per write (what a pool does for every connection the failover broke).
 */
public final class StaleDnsProbe {

    private StaleDnsProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        String port = args[2];
        String database = args[3];
        String user = args[4];
        String table = args[5];
        String password = System.getenv("PROBE_PASSWORD");
        CountDownLatch stop = new CountDownLatch(1);
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // any line or EOF stops the probe
                    break;
                }
            } catch (Exception e) {
                // the parent went away
            }
            stop.countDown();
        }, "probe-stdin");
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("ttl " + System.getProperty("sun.net.inetaddr.ttl") + " "
                + java.security.Security.getProperty("networkaddress.cache.ttl"));
        if (mode.equals("aurora")) {
            try (AuroraDataSource ds = AuroraDataSource.builder()
                    .url("jdbc:aurora:postgresql://" + host + ":" + port + "/" + database)
                    .user(user).password(password).preset(Preset.FAST_FAILOVER).maximumPoolSize(2)
                    .property("clusterId", "probe-" + UUID.randomUUID()).build()) {
                loop(stop, seq -> ds.write(c -> LoadTable.insert(c, table, "aurora-" + seq)));
            }
        } else {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            p.setProperty("connectTimeout", "1");
            p.setProperty("socketTimeout", "2");
            String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
            loop(stop, seq -> {
                try (Connection c = DriverManager.getConnection(url, p)) {
                    return LoadTable.insert(c, table, "plain-" + seq);
                }
            });
        }
    }

    private interface Write {
        String run(long seq) throws SQLException;
    }

    private static void loop(CountDownLatch stop, Write write) throws InterruptedException {
        long seq = 0;
        while (!stop.await(100, TimeUnit.MILLISECONDS)) {
            seq++;
            try {
                String instance = write.run(seq);
                System.out.println("ok " + seq + " " + instance + " " + System.currentTimeMillis());
            } catch (SQLException e) {
                System.out.println("err " + seq + " " + e.getSQLState() + " " + System.currentTimeMillis() + " "
                        + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            System.out.flush();
        }
    }
}
