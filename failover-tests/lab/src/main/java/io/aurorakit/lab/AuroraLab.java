package io.aurorakit.lab;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.insights.DbLoadSource;
import io.aurorakit.lab.aws.LabAwsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Aurora-PostgreSQL look-alike built from real PostgreSQL processes, for tests, benchmarks and drills.
 *
 * <p>One writer and N streaming replicas (quorum synchronous replication {@code ANY 1}, so acknowledged commits
 * survive losing the writer), Aurora's topology functions ({@code aurora_replica_status()},
 * {@code aurora_db_instance_identifier()}) in {@code pg_catalog}, Aurora-shaped endpoint names
 * ({@code <name>.cluster-<id>.us-east-1.rds.amazonaws.com}, {@code instance-N.<id>...}) resolved through the JVM's
 * hosts file, every instance endpoint served by a proxy of an embedded Toxiproxy server, and an RDS-like control plane
 * ({@link #failover()}, {@link #crashWriter()}, {@link #isolate(String)}, ...). The JVM must run with
 * {@code -Djdk.net.hosts.file=<file> -Dsun.net.inetaddr.ttl=0}.
 *
 * <p>Like Aurora, every instance accepts TLS (unless {@link Builder#tls(boolean) tls(false)}) with a certificate for
 * the lab's names, signed by a CA made at start: {@code sslmode=verify-full} with {@code sslrootcert=}
 * {@link #rootCertificate()} works through the instance, cluster and reader endpoints ({@link #tlsProperties()}).
 * Plain connections are accepted too; pgjdbc's default {@code sslmode=prefer} encrypts, as against Aurora.
 *
 * <p>With {@link Builder#serverless(ServerlessConfig)} every instance is Aurora Serverless v2: it has a current capacity
 * ({@link #capacity(String)}, {@code SELECT aurora_lab.serverless_capacity()}) that follows its load, and with
 * {@code minAcu = 0} it pauses after {@code autoPause} without client connections and resumes - holding the client's
 * connection meanwhile - when one arrives ({@link #pause(String)}, {@link #resume(String)},
 * {@link #serverlessEvents()}).
 *
 * <p>The AWS SDK and CLI drive it as they drive Aurora through its RDS API ({@link #rdsEndpoint()}:
 * {@code FailoverDBCluster}, {@code DescribeDBClusters}, {@code DescribeDBInstances}, {@code RebootDBInstance},
 * {@code DescribeEvents}) and its Secrets Manager API ({@link #secretsManagerEndpoint()}: {@code GetSecretValue} of
 * the cluster's secret, rotated by {@link #rotateSecret()}), on loopback, accepting any SigV4 credentials.
 *
 * <p>With {@link Builder#performanceInsights(boolean) performanceInsights(true)} each instance's database load is
 * sampled once a second, as Performance Insights samples it ({@link #dbLoad(String)}), and served by the same
 * endpoint's Performance Insights API ({@link #performanceInsightsEndpoint()}: {@code DescribeDimensionKeys},
 * {@code GetResourceMetrics}, {@code ListAvailableResourceDimensions} with {@link #resourceId(String)} as
 * {@code Identifier}).
 *
 * <p>It is a lab, not a database: {@code fsync=off} (a killed PostgreSQL process loses nothing, a power cut would),
 * tiny shared buffers, random passwords. Everything it starts - processes, proxies, temp directory, hosts-file lines -
 * is released by {@link #close()}, by a JVM shutdown hook, and by a watchdog process if the JVM is killed.
 *
 * <pre>{@code
 * try (AuroraLab lab = AuroraLab.builder().readers(2).start()) {
 *     String url = "jdbc:aws-wrapper:postgresql://" + lab.clusterEndpoint() + ":" + lab.port() + "/" + lab.database();
 *     // connect with user lab.user(), password lab.password(), the wrapper detects its aurora-pg dialect ...
 *     // for verified TLS add lab.tlsProperties(): sslmode=verify-full, sslrootcert=lab.rootCertificate()
 *     FailoverReport report = lab.failover();
 *     System.out.println(report);   // failover instance-1 -> instance-2 in 480 ms: requested +0 ms, fenced +110 ms, ...
 * }
 * }</pre>
 */
public final class AuroraLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuroraLab.class);

    /** The database clients use. */
    static final String DATABASE = "lab";
    /** Where the lab's AWS API endpoint listens. */
    static final String LOOPBACK = "127.0.0.1";
    /** How long each instance's Performance Insights sampler keeps its samples. */
    static final Duration PERFORMANCE_INSIGHTS_RETENTION = Duration.ofHours(1);
    /** The prefix of the samplers' thread names, followed by the instance id. */
    static final String PERFORMANCE_INSIGHTS_THREAD = "aurora-lab-pi-";

    private final Builder config;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private HostsFile hostsFile;
    private LabNetwork network;
    private LabWorkspace workspace;
    private LabWatchdog watchdog;
    private LabCredentials credentials;
    private LabTls tls;
    private final List<PostgresInstance> instances = new ArrayList<>();
    private InstanceProxies proxies;
    private LabDns dns;
    private FailoverController controller;
    private TopologyCatalog topology;
    private TopologyHeartbeat heartbeat;
    private ServerlessController serverless;
    private RdsActivity rdsActivity;
    private LabRdsBackend rdsBackend;
    private LabAwsServer awsServer;
    private LabSecret secret;
    /** Instance id to its Performance Insights sampler; empty when PI is off. Set once at the end of boot. */
    private volatile Map<String, DbLoadSampler> samplers = Map.of();
    private Duration startupTime = Duration.ZERO;

    private AuroraLab(Builder config) {
        this.config = config;
        this.shutdownHook = new Thread(this::close, "aurora-lab-shutdown");
    }

    /** A builder with defaults: 2 readers, cluster name {@code lab}, {@link LabTiming#FAST}. */
    public static Builder builder() {
        return new Builder();
    }

    // -------------------------------------------------------------------------------------------- startup

    private void boot() {
        long t0 = System.nanoTime();
        java.time.Instant createTime = java.time.Instant.now();
        hostsFile = HostsFile.fromSystemProperty();
        PostgresBinaries binaries = PostgresBinaries.locate();
        LabWorkspace.reapOrphans();
        int count = config.readers + 1;
        network = LabNetwork.allocate(config.clusterName, count);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        workspace = LabWorkspace.create(network.labId(), binaries);
        watchdog = LabWatchdog.start(workspace);
        credentials = LabCredentials.create(workspace, binaries);
        tls = config.tls ? LabTls.start(workspace, network, binaries) : null;
        for (int n = 1; n <= count; n++) {
            String id = LabNetwork.instanceId(n);
            instances.add(new PostgresInstance(n, network.postgresAddress(n), network.port(),
                    config.tiers.getOrDefault(id, Builder.DEFAULT_TIER), workspace, binaries, credentials));
        }
        PostgresInstance writer = instances.get(0);
        TopologyCatalog catalog = TopologyCatalog.load(config.deadReaderLinger(), config.transients);
        topology = catalog;
        ClusterBootstrap.build(writer, instances.subList(1, count), catalog, credentials, DATABASE, tls);
        proxies = InstanceProxies.start(network, instances);
        dns = new LabDns(hostsFile, network, instances, config.timing.readerHealthCheckDelay(), config.seed);
        rdsActivity = new RdsActivity(config.clusterName, instances.stream().map(PostgresInstance::id).toList());
        controller = new FailoverController(instances, writer, config.timing, proxies, dns, catalog, config.seed,
                rdsActivity);
        try {
            controller.updateSynchronousStandbys();
        } catch (SQLException e) {
            throw new AuroraLabException("cannot set synchronous_standby_names on " + writer.id(), e);
        }
        dns.start(writer);
        heartbeat = TopologyHeartbeat.start(catalog, controller::writer, network.labId());
        if (config.serverless != null) {
            serverless = ServerlessController.start(config.serverless, controller, proxies, catalog, network.labId());
        }
        secret = new LabSecret(credentials.superuser(), credentials.superuserPassword(), network.clusterEndpoint(),
                network.port(), config.clusterName);
        rdsBackend = new LabRdsBackend(network, controller, rdsActivity, engineVersion(writer), createTime,
                config.serverless, credentials.superuser(), secret, config.performanceInsights);
        if (config.performanceInsights) {
            startSamplers();
        }
        awsServer = LabAwsServer.start(LOOPBACK, rdsBackend, secret,
                config.performanceInsights ? this::dbLoadOfResource : null);
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("AuroraLab {} up in {} ms: {} on {} port {}, hosts file {}, timing {}, seed {}, RDS API {}{}, {}{}",
                network.labId(), startupTime.toMillis(), instances, network.subnet(), network.port(),
                hostsFile.path(), config.timing, config.seed, awsServer.endpoint(),
                config.performanceInsights ? " (Performance Insights on)" : "",
                tls == null ? "TLS off" : "TLS on (certificates made in " + tls.creationTime().toMillis() + " ms)",
                config.serverless == null ? "" : ", " + config.serverless);
    }

    /**
     * One sampler per instance, connected straight to its server as the lab's administrator (never through the proxy,
     * so it is neither a client connection nor affected by injected faults): it survives crashes, restarts and
     * failovers by skipping the ticks that fail and connecting again. The lab's own sessions (its control plane's
     * {@code pg_promote()}, the topology heartbeat) are not counted: on Aurora they are not SQL sessions.
     */
    private void startSamplers() {
        Map<String, DbLoadSampler> started = new LinkedHashMap<>();
        try {
            for (PostgresInstance instance : instances) {
                started.put(instance.id(), DbLoadSampler.builder(() -> instance.connect(DATABASE))
                        .name(PERFORMANCE_INSIGHTS_THREAD + instance.id())
                        .retention(PERFORMANCE_INSIGHTS_RETENTION)
                        .ignoreApplications(LabSessions.MACHINERY.toArray(String[]::new))
                        .start());
            }
        } finally {
            samplers = Collections.unmodifiableMap(started); // close() stops those started, also after a failure
        }
    }

    /** The sampler of the instance whose {@code DbiResourceId} is {@code resourceId} (the PI API's backend). */
    private java.util.Optional<DbLoadSource> dbLoadOfResource(String resourceId) {
        for (Map.Entry<String, DbLoadSampler> s : samplers.entrySet()) {
            if (rdsActivity.resourceId(s.getKey()).equals(resourceId)) {
                return java.util.Optional.of(s.getValue());
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code 15.14} from {@code server_version} ({@code 15.14 (Debian ...)}), as RDS's EngineVersion. */
    private static String engineVersion(PostgresInstance writer) {
        try (Connection c = writer.connect("postgres"); java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        } catch (SQLException e) {
            throw new AuroraLabException("cannot read server_version on " + writer.id(), e);
        }
    }

    // -------------------------------------------------------------------------------------------- endpoints

    /** {@code jdbc:aurora:postgresql://<cluster endpoint>:<port>/<database>} (aurora-kit's driver URL). */
    public String jdbcUrl() {
        return "jdbc:aurora:postgresql://" + clusterEndpoint() + ":" + port() + "/" + database();
    }

    /** {@code jdbc:aws-wrapper:postgresql://<cluster endpoint>:<port>/<database>} (the AWS wrapper's URL). */
    public String wrapperJdbcUrl() {
        return "jdbc:aws-wrapper:postgresql://" + clusterEndpoint() + ":" + port() + "/" + database();
    }

    /** The writer (cluster) endpoint, e.g. {@code lab.cluster-lx7k2qa.us-east-1.rds.amazonaws.com}. */
    public String clusterEndpoint() {
        return network.clusterEndpoint();
    }

    /** The reader endpoint, e.g. {@code lab.cluster-ro-lx7k2qa.us-east-1.rds.amazonaws.com}. */
    public String readerEndpoint() {
        return network.readerEndpoint();
    }

    /**
     * Adds a company DNS name for the cluster, like a CNAME {@code orders-db.corp.example} pointing at the cluster
     * endpoint: a name no RDS rule recognises, which resolves wherever the cluster endpoint does (stale with it, moved
     * with it) until the lab closes. Give the wrapper {@code clusterInstanceHostPattern=}{@link #instanceHostPattern()}
     * to use it with failover.
     *
     * @param alias a host name outside {@code rds.amazonaws.com}, e.g. {@code orders-db.corp.example}
     * @return {@code alias}
     */
    public String clusterAlias(String alias) {
        String label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
        if (alias == null || !alias.matches("(?i)" + label + "(\\." + label + ")+")
                || alias.toLowerCase(java.util.Locale.ROOT).endsWith(".amazonaws.com")) {
            throw new IllegalArgumentException("AuroraLab clusterAlias '" + alias + "' is invalid; expected a dotted "
                    + "host name outside amazonaws.com, e.g. orders-db.corp.example");
        }
        dns.addClusterAlias(alias.toLowerCase(java.util.Locale.ROOT));
        return alias.toLowerCase(java.util.Locale.ROOT);
    }

    /** The wrapper's {@code clusterInstanceHostPattern} for this lab, {@code ?.<id>.us-east-1.rds.amazonaws.com}. */
    public String instanceHostPattern() {
        return network.instanceHostPattern();
    }

    /** The DB cluster identifier ({@link Builder#clusterName(String)}, default {@code lab}). */
    public String clusterIdentifier() {
        return config.clusterName;
    }

    /**
     * The base URL of the lab's RDS API, e.g. {@code http://127.0.0.1:41234}: the RDS Query API (API version
     * 2014-10-31) with {@code FailoverDBCluster}, {@code DescribeDBClusters}, {@code DescribeDBInstances},
     * {@code RebootDBInstance} and {@code DescribeEvents} on this lab, for the AWS SDK's {@code endpointOverride}
     * or the AWS CLI's {@code --endpoint-url} ({@code AWS_ENDPOINT_URL_RDS}). Region {@code us-east-1}; any SigV4
     * credentials are accepted (signatures are not verified). {@code FailoverDBCluster} is asynchronous as on AWS:
     * the cluster says {@code failing-over} until the failover is done, then {@code available} with the new writer.
     *
     * <pre>{@code
     * RdsClient rds = RdsClient.builder().endpointOverride(lab.rdsEndpoint()).region(Region.US_EAST_1)
     *         .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("lab", "lab")))
     *         .build();
     * rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier()));
     * }</pre>
     */
    public URI rdsEndpoint() {
        return awsServer.endpoint();
    }

    /**
     * The instance's {@code DbiResourceId} as {@code DescribeDBInstances} shows it ({@code db-} and 26 upper-case
     * letters or digits), fixed for the lab's lifetime: the identifier Performance Insights and CloudWatch use.
     *
     * @throws IllegalArgumentException if the id is unknown
     */
    public String resourceId(String instanceId) {
        return rdsActivity.resourceId(controller.instance(instanceId).id());
    }

    /**
     * The base URL of the lab's Performance Insights API (JSON 1.1, API version 2018-02-27), the same server as
     * {@link #rdsEndpoint()}: {@code DescribeDimensionKeys}, {@code GetResourceMetrics} ({@code db.load.avg},
     * {@code db.sampledload.avg}) and {@code ListAvailableResourceDimensions}, {@code ServiceType} {@code RDS} and an
     * instance's {@link #resourceId(String)} as {@code Identifier}; for {@code AWS_ENDPOINT_URL_PI} or the AWS CLI's
     * {@code aws pi ... --endpoint-url}. Any SigV4 credentials are accepted. Served only with
     * {@link Builder#performanceInsights(boolean) performanceInsights(true)}; otherwise every identifier is refused
     * with {@code NotAuthorizedException}, as PI refuses an instance without Performance Insights.
     *
     * <pre>{@code
     * POST / with X-Amz-Target: PerformanceInsightsv20180227.DescribeDimensionKeys
     * {"ServiceType":"RDS","Identifier":"db-...","StartTime":1700000000,"EndTime":1700000600,
     *  "Metric":"db.load.avg","GroupBy":{"Group":"db.wait_event"}}
     * }</pre>
     */
    public URI performanceInsightsEndpoint() {
        return awsServer.endpoint();
    }

    /** Whether the instances' database load is sampled and served ({@link Builder#performanceInsights(boolean)}). */
    public boolean performanceInsightsEnabled() {
        return config.performanceInsights;
    }

    /**
     * The database load of the instance as Performance Insights shows it - average active sessions by wait event,
     * statement, user, host, application or database ({@code io.aurorakit.insights}) - from its sampler, which reads
     * {@code pg_stat_activity} once a second and keeps an hour of samples. The same figures the PI API serves for
     * {@link #resourceId(String) resourceId(instanceId)}.
     *
     * <pre>{@code
     * DbLoad waits = lab.dbLoad(lab.writerId()).topKeys(DimensionGroup.WAIT_EVENT, from, Instant.now(), 10);
     * }</pre>
     *
     * @throws IllegalStateException    if the lab was started without {@link Builder#performanceInsights(boolean)}
     * @throws IllegalArgumentException if the id is unknown
     */
    public DbLoadSource dbLoad(String instanceId) {
        return sampler(instanceId);
    }

    /** The instance's sampler (tests). */
    DbLoadSampler sampler(String instanceId) {
        String id = controller.instance(instanceId).id();
        if (!config.performanceInsights) {
            throw new IllegalStateException("this AuroraLab was started without Performance Insights: it samples no "
                    + "database load; start it with AuroraLab.builder().performanceInsights(true)");
        }
        return samplers.get(id);
    }

    /** The port every endpoint listens on. */
    public int port() {
        return network.port();
    }

    /** The database clients use ({@value #DATABASE}). */
    public String database() {
        return DATABASE;
    }

    /** The superuser clients log in as. */
    public String user() {
        return credentials.superuser();
    }

    /** The superuser's random password: the current one, after a {@link #rotateSecret()} the new one. */
    public String password() {
        return credentials.superuserPassword();
    }

    /**
     * The base URL of the lab's Secrets Manager API ({@code GetSecretValue}, JSON 1.1), the same server as
     * {@link #rdsEndpoint()}: for {@code SecretsManagerClient.builder().endpointOverride(...)}, the AWS wrapper's
     * {@code secretsManagerEndpoint} or {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. Any SigV4 credentials are accepted.
     *
     * <pre>{@code
     * SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(lab.secretsManagerEndpoint())
     *         .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
     *                 AwsBasicCredentials.create("lab", "lab"))).build();
     * String json = sm.getSecretValue(b -> b.secretId(lab.secretArn())).secretString();
     * // {"username":"aurora","password":"...","engine":"postgres","host":"lab.cluster-...","port":15432,...}
     * }</pre>
     */
    public URI secretsManagerEndpoint() {
        return awsServer.endpoint();
    }

    /**
     * The name of the lab's secret, {@code rds!cluster-<uuid>} like a secret RDS manages for a cluster's master user;
     * {@code GetSecretValue} accepts it or {@link #secretArn()} as {@code SecretId}.
     */
    public String secretName() {
        return secret.name();
    }

    /** The ARN of the lab's secret, {@code arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>-AbCdEf}. */
    public String secretArn() {
        return secret.arn();
    }

    /**
     * Rotates the clients' password as a Secrets Manager rotation would: a new random password for {@link #user()}
     * in PostgreSQL ({@code ALTER ROLE} on the writer; returns once every running reader has replayed it) and a new
     * version of the secret ({@code VersionId}); from then on {@link #password()} returns it and the old password is
     * refused on every instance. Sessions already logged in stay. The lab's own connections use their own account
     * and are not affected. Waits for a running control-plane action (a failover) to finish first.
     *
     * <pre>{@code
     * String oldPassword = lab.password();
     * String versionId = lab.rotateSecret();
     * // DriverManager.getConnection(url, lab.user(), oldPassword) now fails with 28P01
     * }</pre>
     *
     * @return the new version's {@code VersionId}
     * @throws IllegalStateException if the writer is not running (crashed, stopped or paused)
     */
    public String rotateSecret() {
        return PasswordRotation.rotate(controller, credentials, secret);
    }

    /** The id of the current writer, e.g. {@code instance-1}. */
    public String writerId() {
        return controller.writer().id();
    }

    /** The instance id the cluster endpoint currently resolves to (stale for the DNS delay after a failover). */
    public String clusterEndpointTarget() {
        return dns.clusterTarget();
    }

    /**
     * The instance the reader endpoint answers with right now: a random healthy reader, re-drawn every 100 ms (the
     * writer when no reader is healthy).
     */
    public String readerEndpointTarget() {
        return dns.readerTarget();
    }

    /** The seed of the lab's random choices (failover targets, reader endpoint answers); set with {@link Builder#seed}. */
    public long seed() {
        return config.seed;
    }

    /** A snapshot of every instance, in id order. */
    public List<LabInstance> instances() {
        PostgresInstance writer = controller.writer();
        List<LabInstance> result = new ArrayList<>();
        for (PostgresInstance i : instances) {
            result.add(new LabInstance(i.id(), network.instanceEndpoint(i.id()),
                    i == writer ? LabInstance.Role.WRITER : LabInstance.Role.READER, i.tier(), i.running(),
                    i.paused()));
        }
        return List.copyOf(result);
    }

    /** The instance endpoint of {@code id}, e.g. {@code instance-2.lx7k2qa.us-east-1.rds.amazonaws.com}. */
    public String instanceEndpoint(String id) {
        return network.instanceEndpoint(controller.instance(id).id());
    }

    /** A plain {@code jdbc:postgresql://} URL straight to the instance's server, bypassing its proxy. */
    public String directJdbcUrl(String id) {
        return controller.instance(id).jdbcUrl(DATABASE);
    }

    /** The lab's user and password as JDBC connection properties; a new object each call. */
    public Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        properties.setProperty("password", password());
        return properties;
    }

    /**
     * Waits until a client backend on the instance is running a statement whose text contains {@code queryFragment}
     * ({@code pg_stat_activity}, state {@code active}): the moment a test may inject a fault "while the statement is in
     * flight", instead of sleeping for a guess.
     *
     * @return whether such a statement was seen within {@code timeout}
     */
    public boolean awaitActiveStatement(String id, String queryFragment, Duration timeout)
            throws InterruptedException {
        return Await.until(timeout, () -> activeStatements(id, queryFragment) > 0);
    }

    private long activeStatements(String id, String queryFragment) throws SQLException {
        try (Connection c = connectDirect(id);
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_stat_activity"
                     + " WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                     + " AND strpos(query, ?) > 0")) {
            s.setString(1, queryFragment);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * A plain pgjdbc connection straight to the instance's server, bypassing its proxy and so every injected network
     * fault: for verification and clean-up (connect timeout 5 s, socket timeout 30 s, no TLS).
     */
    public Connection connectDirect(String id) throws SQLException {
        Properties properties = credentials();
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "aurora-lab-direct");
        properties.setProperty("sslmode", "disable");
        return DriverManager.getConnection(directJdbcUrl(id), properties);
    }

    /**
     * The base URL of the lab's embedded Toxiproxy server ({@code http://127.a.b.250:port}), which speaks Toxiproxy
     * 2.x's HTTP API: for faults the control plane does not offer, with any Toxiproxy client (e.g. toxiproxy-java:
     * {@code new ToxiproxyClient(url.getHost(), url.getPort()).getProxy(instanceId)}). Each instance's proxy is named
     * by its instance id; the lab's own toxics are prefixed {@code aurora-lab-}, leave them alone.
     */
    public URI toxiproxyUrl() {
        return proxies.apiUrl();
    }

    /**
     * The PEM file of the lab's root CA, made at start: pgjdbc's (and libpq's) {@code sslrootcert} for
     * {@code sslmode=verify-full} against the lab's Aurora-style names ({@link #tlsProperties()} has both). Every
     * instance serves one certificate signed by it for {@code *.<id>...}, {@code *.cluster-<id>...},
     * {@code *.cluster-ro-<id>...} and {@code *.cluster-custom-<id>...}, so verification fails for any other name
     * (an IP address, {@code localhost}), as against Aurora. The file is deleted with the lab.
     *
     * @throws IllegalStateException if the lab was started with {@code tls(false)}
     */
    public Path rootCertificate() {
        if (tls == null) {
            throw new IllegalStateException("this AuroraLab was started with tls(false): it has no root certificate; "
                    + "start it with AuroraLab.builder().tls(true) (the default)");
        }
        return tls.rootCertificate();
    }

    /**
     * The JDBC properties of a fully verified TLS connection to the lab: {@code sslmode=verify-full} and
     * {@code sslrootcert=}{@link #rootCertificate()}; a new object each call, e.g. for
     * {@code AuroraDataSource.builder().property(...)} or {@code DriverManager.getConnection(url, props)}.
     *
     * @throws IllegalStateException if the lab was started with {@code tls(false)}
     */
    public Properties tlsProperties() {
        Properties properties = new Properties();
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", rootCertificate().toString());
        return properties;
    }

    /** Whether the instances accept TLS ({@link Builder#tls(boolean)}). */
    public boolean tlsEnabled() {
        return tls != null;
    }

    /** The hosts file the lab writes (from {@code -Djdk.net.hosts.file}). */
    public Path hostsFile() {
        return hostsFile.path();
    }

    /** The lab's private temp directory (data directories and logs). */
    public Path directory() {
        return workspace.root();
    }

    /** The timing profile. */
    public LabTiming timing() {
        return config.timing;
    }

    /**
     * How long a reader that stopped streaming (crashed, stopped) stays in {@code aurora_replica_status()}, its
     * {@code LAST_UPDATE_TIMESTAMP} frozen, before it drops out ({@link Builder#deadReaderLinger(Duration)}).
     */
    public Duration deadReaderLinger() {
        return topology.linger();
    }

    /** The opt-in topology transients and their durations ({@link Builder#topologyTransient}); empty by default. */
    public Map<TopologyTransient, Duration> topologyTransients() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(config.transients));
    }

    /** How long {@link Builder#start()} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The OS process id of the instance's postmaster, if it runs (for hygiene checks). */
    public java.util.OptionalLong postmasterPid(String id) {
        PostgresInstance instance = controller.instance(id);
        return instance.processAlive() ? java.util.OptionalLong.of(instance.postmasterPid().orElseThrow())
                : java.util.OptionalLong.empty();
    }

    // -------------------------------------------------------------------------------------------- control plane

    /** Planned failover to the best reader (like {@code aws rds failover-db-cluster}); returns once all is done. */
    public FailoverReport failover() {
        return controller.failover(null);
    }

    /** Planned failover to the given reader. */
    public FailoverReport failover(String targetId) {
        Objects.requireNonNull(targetId, "targetId");
        return controller.failover(targetId);
    }

    /**
     * Host loss: kill -9 of the writer, then automatic failover after the timing's detection delay (a restart in
     * place when no reader is running).
     */
    public FailoverReport crashWriter() {
        return controller.crashWriter();
    }

    /**
     * Engine crash on a healthy host: kill -9 of the writer, then, after the timing's detection delay, its engine
     * restarts in place with crash recovery; no failover (the writer keeps its role, clients reconnect to it).
     */
    public FailoverReport crashWriterEngine() {
        return controller.crashWriterEngine();
    }

    /**
     * kill -9 of one instance (postmaster and backends): its clients get an immediate error. No failover follows
     * (Aurora restarts a crashed engine in place): bring it back with {@link #restart(String)}.
     */
    public FailoverReport crash(String id) {
        return controller.crash(id);
    }

    /** Black-holes all client traffic to the instance (no RST, like Aurora's hard fence) until {@link #heal}. */
    public FailoverReport isolate(String id) {
        return controller.isolate(id);
    }

    /** Removes isolation and latency from the instance (connections held by the black hole are closed). */
    public FailoverReport heal(String id) {
        return controller.heal(id);
    }

    /** Adds latency to the instance's responses ({@link Duration#ZERO} removes it). */
    public FailoverReport latency(String id, Duration latency) {
        return controller.latency(id, latency);
    }

    /** Restarts the instance (clean stop if running, then start; a reader is re-pointed at the current writer). */
    public FailoverReport restart(String id) {
        return controller.restart(id);
    }

    /**
     * Sets the CPU figure (percent, 0 to 100) the instance reports in the {@code CPU} column of
     * {@code aurora_replica_status()} on every node (default 2): the input of the AWS wrapper's {@code lowestLoad*}
     * reader strategies. The writer's view shows it on return (unless the writer is down, then after the failover);
     * readers' views once they replay it. It survives failovers.
     */
    public void cpu(String instanceId, double percent) {
        String id = controller.instance(instanceId).id();
        if (!(percent >= 0.0 && percent <= 100.0)) {
            throw new IllegalArgumentException("AuroraLab cpu for " + id + " = " + percent
                    + " is invalid; expected a percentage from 0 to 100");
        }
        topology.cpu(id, percent);
        heartbeat.beat();
    }

    /**
     * Waits until every instance runs and every reader streams from the writer (a paused Serverless v2 instance counts
     * as healthy); throws on timeout.
     */
    public void awaitHealthy(Duration timeout) {
        controller.awaitHealthy(timeout);
    }

    // -------------------------------------------------------------------------------------------- Serverless v2

    /** The Serverless v2 configuration ({@link Builder#serverless(ServerlessConfig)}), empty for a provisioned lab. */
    public java.util.Optional<ServerlessConfig> serverless() {
        return java.util.Optional.ofNullable(config.serverless);
    }

    /**
     * Pauses the instance now, without waiting for {@code autoPause} (needs {@code minAcu = 0}): a tier 2-15 reader on
     * its own; the writer or a tier 0-1 reader pauses the writer's group - the writer and its tier 0-1 readers - after
     * every tier 2-15 reader (Aurora's writer pauses only when all readers are paused). Unlike Aurora, which never
     * pauses an instance with a client connection, this forced pause ends the sessions of clients still connected
     * (their PostgreSQL stops; the report's notes count them). The next connection to a paused instance resumes it.
     *
     * @return phases {@link FailoverReport#PAUSE_INITIATED} and {@link FailoverReport#PAUSED}
     * @throws IllegalStateException if the lab is not serverless, {@code minAcu > 0}, or the instance is down
     */
    public FailoverReport pause(String id) {
        return serverlessController().pause(id);
    }

    /**
     * Resumes the instance now - the writer's group first if the writer is paused - taking the configured resume time,
     * as a connection would; a report without resume phases if it was not paused.
     *
     * @return phases {@link FailoverReport#RESUME_INITIATED} and {@link FailoverReport#RESUMED}
     * @throws IllegalStateException if the lab is not serverless or the instance is down (crashed or stopped)
     */
    public FailoverReport resume(String id) {
        return serverlessController().resume(id);
    }

    /** Whether the instance is paused (Serverless v2); always false in a provisioned lab. */
    public boolean paused(String id) {
        return controller.instance(id).paused();
    }

    /**
     * The client connections open through the instance's proxy now: every connection made to its instance endpoint,
     * and to the cluster or reader endpoint while they point at it - idle pooled connections and the AWS wrapper's
     * topology and failure-detection connections included, and those held while a Serverless v2 instance resumes; not
     * the lab's own ({@link #connectDirect}, heartbeat, control plane), which bypass the proxies. These are the
     * connections whose absence lets a Serverless v2 instance auto-pause. Works in a provisioned lab too.
     *
     * @throws IllegalArgumentException if the id is unknown
     */
    public int clientConnections(String id) {
        return proxies.liveConnections(controller.instance(id).id());
    }

    /**
     * The instance's current Serverless v2 capacity in ACU, the lab's {@code ServerlessDatabaseCapacity}: between
     * {@code minAcu} (at least 0.5) and {@code maxAcu} while it runs, following its load (see the README); 0 while it
     * is paused or down. The same figure as {@code SELECT aurora_lab.serverless_capacity()} on that instance.
     *
     * @throws IllegalStateException if the lab is not serverless
     */
    public double capacity(String id) {
        return serverlessController().capacity(controller.instance(id));
    }

    /**
     * Every Serverless v2 pause and resume so far, oldest first: the automatic ones (action {@code auto-pause ...},
     * {@code auto-resume ...}), with the time a held connection waited from {@link FailoverReport#RESUME_INITIATED}
     * to {@link FailoverReport#RESUMED}, and those of {@link #pause(String)} and {@link #resume(String)}. Resumes that
     * are part of another action (a failover of a paused cluster) are in that action's report. Empty for a
     * provisioned lab.
     */
    public List<FailoverReport> serverlessEvents() {
        return serverless == null ? List.of() : serverless.events();
    }

    private ServerlessController serverlessController() {
        if (serverless == null) {
            throw new IllegalStateException("this AuroraLab is not serverless; start it with "
                    + "AuroraLab.builder().serverless(ServerlessConfig.of(minAcu, maxAcu, autoPause))");
        }
        return serverless;
    }

    // -------------------------------------------------------------------------------------------- teardown

    /** Kills every PostgreSQL process, stops the proxies, removes the hosts-file lines and the temp directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (awsServer != null) {
            step("stop the AWS API endpoint", awsServer::close);
        }
        for (Map.Entry<String, DbLoadSampler> s : samplers.entrySet()) {
            step("stop the Performance Insights sampler of " + s.getKey(), s.getValue()::close);
        }
        if (rdsBackend != null) {
            step("stop RDS API actions", rdsBackend::close);
        }
        if (serverless != null) {
            step("stop Serverless v2 threads", serverless::close);
        }
        if (heartbeat != null) {
            step("stop topology heartbeat", heartbeat::close);
        }
        for (PostgresInstance instance : instances) {
            step("kill " + instance.id(), instance::kill);
        }
        if (proxies != null) {
            step("stop proxies", proxies::close);
        }
        if (dns != null) {
            step("stop DNS, remove hosts-file lines", dns::close);
        } else if (hostsFile != null && network != null) {
            step("remove hosts-file lines", () -> hostsFile.remove(network.labId()));
        }
        if (workspace != null) {
            step("delete " + workspace, workspace::delete);
        }
        if (watchdog != null) {
            step("stop watchdog", watchdog::close);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // JVM shutting down, or the hook was never added
            }
        }
        if (network != null) {
            LOG.info("AuroraLab {} closed", network.labId());
        }
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("AuroraLab close: {} failed: {}", what, e.toString());
        }
    }

    @Override
    public String toString() {
        return "AuroraLab[" + (network == null ? "not started" : network.labId() + ", " + clusterEndpoint() + ":"
                + port() + ", writer " + (controller == null ? "?" : writerId())) + (closed.get() ? ", closed" : "")
                + "]";
    }

    // -------------------------------------------------------------------------------------------- builder

    /**
     * Configures and starts an {@link AuroraLab}. Validated at {@link #start()}.
     *
     * <pre>{@code
     * AuroraLab lab = AuroraLab.builder().readers(2).clusterName("orders")
     *         .promotionTier("instance-3", 0).timing(LabTiming.AURORA).start();
     * }</pre>
     */
    public static final class Builder {

        static final int DEFAULT_READERS = 2;
        static final String DEFAULT_CLUSTER_NAME = "lab";
        /** RDS's default promotion tier. */
        static final int DEFAULT_TIER = 1;

        private int readers = DEFAULT_READERS;
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private final Map<String, Integer> tiers = new LinkedHashMap<>();
        private LabTiming timing = LabTiming.FAST;
        private long seed = new java.security.SecureRandom().nextLong();
        private boolean tls = true;
        private Duration deadReaderLinger;
        private final Map<TopologyTransient, Duration> transients = new LinkedHashMap<>();
        private ServerlessConfig serverless;
        private boolean performanceInsights;

        private Builder() {
        }

        /**
         * Whether each instance's database load is sampled and served as Performance Insights serves it (default
         * {@code false}): one sampler per instance reads {@code pg_stat_activity} once a second over a connection of
         * its own (the lab's administrator, straight to the server; an hour of samples is kept), from the end of
         * {@link #start()} until {@link AuroraLab#close()}; {@link AuroraLab#dbLoad(String)} and the PI API at
         * {@link AuroraLab#performanceInsightsEndpoint()} read them, and {@code DescribeDBInstances} reports
         * {@code PerformanceInsightsEnabled}.
         */
        public Builder performanceInsights(boolean performanceInsights) {
            this.performanceInsights = performanceInsights;
            return this;
        }

        /**
         * Makes every instance Aurora Serverless v2 ({@code db.serverless}) with this configuration; {@code null}
         * (the default) keeps them provisioned. See {@link ServerlessConfig}.
         */
        public Builder serverless(ServerlessConfig serverless) {
            this.serverless = serverless;
            return this;
        }

        /**
         * Serverless v2 with Aurora's resume times (15 s, 30 s after 24 h): {@code minAcu} 0 (instances pause) to 256,
         * {@code maxAcu} 0.5 to 256 (half steps), {@code autoPause} ({@code SecondsUntilAutoPause}) 1 s to 24 h; see
         * {@link ServerlessConfig#of(double, double, Duration)}.
         *
         * @throws IllegalArgumentException naming the option, its value and the expected form
         */
        public Builder serverless(double minAcu, double maxAcu, Duration autoPause) {
            return serverless(ServerlessConfig.of(minAcu, maxAcu, autoPause));
        }

        /**
         * The seed of the lab's random choices - the failover target among readers of the same promotion tier, the
         * reader endpoint's answers - so that a run can be repeated (default: random; {@link AuroraLab#seed()} tells).
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Number of readers, 0 to 15 (default 2). */
        public Builder readers(int readers) {
            this.readers = readers;
            return this;
        }

        /** The DB cluster identifier in the endpoint names (default {@code lab}). */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** Promotion tier 0 (preferred) to 15 of an instance, e.g. {@code ("instance-3", 0)}; default 1. */
        public Builder promotionTier(String instanceId, int tier) {
            tiers.put(instanceId, tier);
            return this;
        }

        /** The timing profile (default {@link LabTiming#FAST}). */
        public Builder timing(LabTiming timing) {
            this.timing = timing;
            return this;
        }

        /**
         * Whether the instances accept TLS (default {@code true}, like Aurora): a CA and a server certificate for the
         * lab's names are made at start ({@link AuroraLab#rootCertificate()}), plain connections are still accepted
         * and each client chooses with {@code sslmode}. pgjdbc's default {@code sslmode=prefer} then encrypts, as
         * it does against Aurora; {@code false} makes every connection plain.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * How long a reader that stopped streaming stays in {@code aurora_replica_status()} with a frozen
         * {@code LAST_UPDATE_TIMESTAMP} before it drops out, 0 to 1 h. Default: 5 minutes with
         * {@link LabTiming#AURORA} (Aurora keeps a dead replica's row for minutes; the AWS wrapper ignores rows older
         * than 300 s), 10 s otherwise.
         */
        public Builder deadReaderLinger(Duration linger) {
            this.deadReaderLinger = linger;
            return this;
        }

        /**
         * Enables a {@link TopologyTransient} lasting {@code duration} (more than 0, at most 5 minutes) after each
         * promotion; with several enabled, successive failovers take them in the order enabled. Off by default.
         */
        public Builder topologyTransient(TopologyTransient kind, Duration duration) {
            if (kind == null) {
                throw new IllegalArgumentException("AuroraLab topologyTransient = null is invalid; expected one of "
                        + java.util.Arrays.toString(TopologyTransient.values()));
            }
            transients.put(kind, duration);
            return this;
        }

        /** Enables each transient for {@link TopologyTransient#DEFAULT_DURATION}; see {@link #topologyTransient}. */
        public Builder topologyTransients(TopologyTransient... kinds) {
            for (TopologyTransient kind : kinds) {
                topologyTransient(kind, TopologyTransient.DEFAULT_DURATION);
            }
            return this;
        }

        /** Validates the configuration and starts the lab (a few seconds). */
        public AuroraLab start() {
            validate();
            Builder snapshot = copy();
            AuroraLab lab = new AuroraLab(snapshot);
            try {
                lab.boot();
                return lab;
            } catch (RuntimeException | Error e) {
                lab.close();
                throw e;
            }
        }

        private void validate() {
            if (readers < 0 || readers > LabNetwork.MAX_INSTANCES - 1) {
                throw new IllegalArgumentException("AuroraLab readers = " + readers + " is invalid; expected 0 to "
                        + (LabNetwork.MAX_INSTANCES - 1) + " (Aurora allows 15 replicas)");
            }
            LabNetwork.validateClusterName(clusterName);
            if (timing == null) {
                throw new IllegalArgumentException("AuroraLab timing = null is invalid; expected LabTiming.FAST, "
                        + "LabTiming.AURORA, LabTiming.AURORA_MIN or LabTiming.of(...)");
            }
            if (deadReaderLinger != null && (deadReaderLinger.isNegative()
                    || deadReaderLinger.compareTo(TopologyCatalog.MAX_DEAD_READER_LINGER) > 0)) {
                throw new IllegalArgumentException("AuroraLab deadReaderLinger = " + deadReaderLinger
                        + " is invalid; expected a duration from 0 to " + TopologyCatalog.MAX_DEAD_READER_LINGER);
            }
            for (Map.Entry<TopologyTransient, Duration> t : transients.entrySet()) {
                Duration d = t.getValue();
                if (d == null || d.isNegative() || d.isZero() || d.compareTo(TopologyTransient.MAX_DURATION) > 0) {
                    throw new IllegalArgumentException("AuroraLab topologyTransient " + t.getKey() + " duration = "
                            + d + " is invalid; expected more than 0 and at most " + TopologyTransient.MAX_DURATION);
                }
            }
            for (Map.Entry<String, Integer> tier : tiers.entrySet()) {
                String id = tier.getKey();
                int n = id != null && id.matches("instance-\\d{1,2}") ? Integer.parseInt(id.substring(9)) : -1;
                if (n < 1 || n > readers + 1) {
                    throw new IllegalArgumentException("AuroraLab promotionTier instance id '" + id + "' is invalid; "
                            + "expected instance-1 to instance-" + (readers + 1));
                }
                if (tier.getValue() == null || tier.getValue() < 0 || tier.getValue() > 15) {
                    throw new IllegalArgumentException("AuroraLab promotionTier for " + id + " = " + tier.getValue()
                            + " is invalid; expected 0 (highest priority) to 15");
                }
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.readers = readers;
            b.clusterName = clusterName;
            b.tiers.putAll(tiers);
            b.timing = timing;
            b.seed = seed;
            b.tls = tls;
            b.deadReaderLinger = deadReaderLinger;
            b.transients.putAll(transients);
            b.serverless = serverless;
            b.performanceInsights = performanceInsights;
            return b;
        }

        /** The linger set, else the timing profile's. */
        Duration deadReaderLinger() {
            return deadReaderLinger != null ? deadReaderLinger : TopologyCatalog.defaultLinger(timing);
        }
    }
}
