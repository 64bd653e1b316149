package io.aurorakit.lab.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's AWS endpoint: one HTTP server on loopback that answers the RDS Query API (form-encoded
 * {@code POST /} with {@code Action=...&Version=2014-10-31}), Secrets Manager's JSON 1.1 API (requests with an
 * {@code X-Amz-Target: secretsmanager.*} header) and Performance Insights' JSON 1.1 API ({@code X-Amz-Target:
 * PerformanceInsightsv20180227.*}). Requests are accepted with any SigV4 credentials: the
 * {@code Authorization} header is neither required nor verified, so dummy keys work.
 *
 * <pre>{@code
 * try (LabAwsServer server = LabAwsServer.start("127.0.0.1", clusterBackend, secretBackend)) {
 *     RdsClient rds = RdsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build();
 * }
 * }</pre>
 *
 * <p>Users get it from {@code AuroraLab.rdsEndpoint()}; the lab starts and closes it.
 */
public final class LabAwsServer implements AutoCloseable {

    /** The fake AWS account of every ARN the lab's APIs show ({@value}, the account of AWS's own examples). */
    public static final String ACCOUNT = RdsShapes.ACCOUNT;

    private static final Logger LOG = LoggerFactory.getLogger(LabAwsServer.class);
    private static final int THREADS = 2;
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final long CLOSE_TIMEOUT_MILLIS = 5000;

    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LabAwsServer(HttpServer http, ThreadPoolExecutor executor, URI endpoint) {
        this.http = http;
        this.executor = executor;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server on {@code host} and a free port.
     *
     * @param host    a loopback address, e.g. {@code 127.0.0.1}
     * @param rds     the cluster the RDS API shows and acts on
     * @param secrets the secret Secrets Manager's API serves, or null for none
     */
    public static LabAwsServer start(String host, ClusterBackend rds, SecretBackend secrets) {
        return start(host, rds, secrets, null);
    }

    /**
     * Starts the server on {@code host} and a free port, with Performance Insights.
     *
     * @param host     a loopback address, e.g. {@code 127.0.0.1}
     * @param rds      the cluster the RDS API shows and acts on
     * @param secrets  the secret Secrets Manager's API serves, or null for none
     * @param insights the instances' database load Performance Insights' API serves, or null when it is off (every
     *                 resource is then refused as PI refuses an instance without Performance Insights)
     */
    public static LabAwsServer start(String host, ClusterBackend rds, SecretBackend secrets,
                                     PerformanceInsightsBackend insights) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rds, "rds");
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> daemon("aurora-lab-aws-" + count.incrementAndGet(), task));
        executor.allowCoreThreadTimeOut(true);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, 0), 32);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind the lab's AWS endpoint to " + host, e);
        }
        RdsQueryHandler rdsHandler = new RdsQueryHandler(rds);
        SecretsManagerHandler secretsHandler = new SecretsManagerHandler(secrets);
        PerformanceInsightsHandler piHandler = new PerformanceInsightsHandler(insights);
        http.createContext("/", exchange -> serve(exchange, rdsHandler, secretsHandler, piHandler));
        http.setExecutor(executor);
        // The JDK's dispatcher thread inherits daemon status from the thread that starts the server.
        Thread starter = daemon("aurora-lab-aws-start", http::start);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        URI endpoint = URI.create("http://" + host + ":" + http.getAddress().getPort());
        LOG.debug("lab AWS endpoint (RDS, Secrets Manager, Performance Insights {}) listening on {}",
                insights == null ? "off" : "on", endpoint);
        return new LabAwsServer(http, executor, endpoint);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}: the SDK's {@code endpointOverride}, the CLI's {@code --endpoint-url}. */
    public URI endpoint() {
        return endpoint;
    }

    private static void serve(HttpExchange exchange, RdsQueryHandler rds, SecretsManagerHandler secrets,
                              PerformanceInsightsHandler insights) throws IOException {
        try (exchange) {
            String body = readBody(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            HttpReply reply;
            if (target != null && target.startsWith(SecretsManagerHandler.TARGET_PREFIX)) {
                reply = secrets.handle(target, body);
            } else if (target != null && target.startsWith(PerformanceInsightsHandler.TARGET_PREFIX)) {
                reply = insights.handle(target, body);
            } else {
                reply = rds.handle(exchange.getRequestURI().getRawQuery(), body);
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", reply.requestId());
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Stops the server and waits for its threads; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("lab AWS endpoint threads still alive {} ms after close", CLOSE_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LabAwsServer[" + endpoint + (closed.get() ? ", closed" : "") + "]";
    }
}
