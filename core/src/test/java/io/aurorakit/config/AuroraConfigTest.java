package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuroraConfigTest {

    private static final String CLUSTER = "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com";
    private static final String SECRET = "pa55-w0rd-XYZZY";

    private static AuroraConfig url(String url) {
        return AuroraConfig.fromUrl(url, null);
    }

    @Test
    void clusterEndpointGetsFailoverSplittingAndMonitoringInMilliseconds() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + ":5432/app?user=app&password=" + SECRET);
        Properties p = c.wrapperProperties();
        assertThat(c.wrapperUrl()).isEqualTo("jdbc:aws-wrapper:postgresql://" + CLUSTER + ":5432/app");
        assertThat(p.getProperty("wrapperPlugins"))
                .isEqualTo("initialConnection,auroraConnectionTracker,failover2,readWriteSplitting,efm2");
        assertThat(p).doesNotContainKey("wrapperDialect")
                .containsEntry("clusterId", CLUSTER + ":5432")
                .containsEntry("connectTimeout", "10000")
                .containsEntry("loginTimeout", "30000")
                .containsEntry("socketTimeout", "0")
                .containsEntry("tcpKeepAlive", "true")
                .containsEntry("failoverTimeoutMs", "60000")
                .containsEntry("openConnectionRetryTimeoutMs", "10000")
                .containsEntry("failureDetectionTime", "10000")
                .containsEntry("failureDetectionInterval", "5000")
                .containsEntry("failureDetectionCount", "3")
                .containsEntry("monitoring-connectTimeout", "5000")
                .containsEntry("monitoring-socketTimeout", "5000")
                .containsEntry("topology-monitoring-connectTimeout", "5000")
                .containsEntry("topology-monitoring-socketTimeout", "5000")
                .containsEntry("clusterTopologyRefreshRateMs", "30000")
                .containsEntry("readerHostSelectorStrategy", "random")
                .containsEntry("user", "app")
                .doesNotContainKey("password")
                .doesNotContainKey("connectionPoolType");
        assertThat(p.values()).doesNotContain(SECRET);
        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.readWriteSplitting()).isTrue();
        assertThat(c.failoverDisabledReason()).isEmpty();
    }

    @Test
    void everyWrapperTimeoutIsZeroOrAtLeastOneSecond() {
        for (Preset preset : Preset.values()) {
            Properties p = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=" + preset.urlName())
                    .wrapperProperties();
            for (String key : new String[] {"connectTimeout", "loginTimeout", "socketTimeout", "failoverTimeoutMs",
                "monitoring-connectTimeout", "monitoring-socketTimeout", "topology-monitoring-connectTimeout",
                "topology-monitoring-socketTimeout", "failureDetectionTime", "failureDetectionInterval"}) {
                long ms = Long.parseLong(p.getProperty(key));
                assertThat(ms == 0 || ms >= 1000).as("%s %s=%s", preset, key, ms).isTrue();
            }
        }
    }

    @Test
    void instanceEndpointGetsFailoverButTheWrapperDetectsTheDialect() {
        // an instance name may be RDS for PostgreSQL: the wrapper tells Aurora from RDS after connecting
        Properties p = url("jdbc:aurora:postgresql://instance-1.xyz.us-east-1.rds.amazonaws.com/app")
                .wrapperProperties();
        assertThat(p).doesNotContainKey("wrapperDialect");
        assertThat(p.getProperty("wrapperPlugins")).contains("failover2", "efm2");
    }

    @Test
    void theWrapperDetectsTheDialectOnEveryEndpointAndAnExplicitDialectWins() {
        // the wrapper starts from the name (cluster: aurora-pg, instance: rds-pg, CNAME: pg) and confirms or upgrades
        // it with its isDialect queries; forcing aurora-pg would hide a Multi-AZ DB cluster or a global database
        for (String endpoint : new String[] {CLUSTER + "/app", "c.cluster-ro-xyz.us-east-1.rds.amazonaws.com/app",
            "c.cluster-custom-xyz.us-east-1.rds.amazonaws.com/app", "instance-1.xyz.us-east-1.rds.amazonaws.com/app",
            "db.example.com/app?clusterInstanceHostPattern=?.xyz.us-east-1.rds.amazonaws.com"}) {
            AuroraConfig c = url("jdbc:aurora:postgresql://" + endpoint);
            assertThat(c.failoverEnabled()).as(endpoint).isTrue();
            assertThat(c.wrapperProperties()).as(endpoint).doesNotContainKey("wrapperDialect");
        }
        AuroraConfig multiAz = url("jdbc:aurora:postgresql://" + CLUSTER
                + "/app?wrapperDialect=rds-multi-az-pg-cluster");
        assertThat(multiAz.wrapperProperties()).containsEntry("wrapperDialect", "rds-multi-az-pg-cluster");
        assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app?wrapperDialect=aurora-pg").wrapperProperties())
                .containsEntry("wrapperDialect", "aurora-pg");
    }

    @Test
    void customAndChinaClusterEndpointsAreAurora() {
        for (String host : new String[] {"c.cluster-custom-xyz.us-east-1.rds.amazonaws.com",
            "c.cluster-xyz.rds.cn-north-1.amazonaws.com.cn", "c.cluster-xyz.rds.us-iso-east-1.c2s.ic.gov"}) {
            AuroraConfig c = url("jdbc:aurora:postgresql://" + host + "/app");
            assertThat(c.failoverEnabled()).as(host).isTrue();
            assertThat(c.wrapperProperties()).as(host).doesNotContainKey("wrapperDialect")
                    .containsEntry("wrapperPlugins", "initialConnection,auroraConnectionTracker,failover2,"
                            + "readWriteSplitting,efm2");
        }
    }

    @Test
    void cnameWithClusterInstanceHostPatternGetsAuroraHandling() {
        AuroraConfig c = url("jdbc:aurora:postgresql://db.example.com/app?clusterInstanceHostPattern="
                + "?.xyz.us-east-1.rds.amazonaws.com");
        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.failoverDisabledReason()).isEmpty();
        assertThat(c.wrapperProperties().getProperty("wrapperPlugins")).contains("failover2", "efm2");
        assertThat(c.wrapperProperties()).doesNotContainKey("wrapperDialect");
    }

    @Test
    void failoverPropertyOverridesTheName() {
        AuroraConfig off = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?failover=off");
        assertThat(off.failoverEnabled()).isFalse();
        assertThat(off.readWriteSplitting()).isFalse();
        assertThat(off.wrapperProperties()).containsEntry("wrapperPlugins", "").doesNotContainKey("wrapperDialect")
                .doesNotContainKey("failoverTimeoutMs");
        assertThat(off.failoverDisabledReason()).get().asString().contains("failover=off");
        AuroraConfig on = url("jdbc:aurora:postgresql://10.0.0.5/app?failover=on&wrapperDialect=aurora-pg"
                + "&clusterInstanceHostPattern=?.xyz.us-east-1.rds.amazonaws.com");
        assertThat(on.failoverEnabled()).isTrue();
        assertThat(on.wrapperProperties()).containsEntry("wrapperDialect", "aurora-pg")
                .containsEntry("failoverTimeoutMs", "60000");
    }

    @Test
    void globalWriterEndpointKeepsTheWrappersGlobalDialect() {
        AuroraConfig c = url("jdbc:aurora:postgresql://g.global-xyz.global.rds.amazonaws.com/app"
                + "?globalClusterInstanceHostPatterns=us-east-1:?.a.us-east-1.rds.amazonaws.com");
        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.wrapperProperties()).doesNotContainKey("wrapperDialect");
    }

    @Test
    void additionalPluginsAreAppendedNotSubstituted() {
        AuroraConfig c = AuroraConfig.builder().classPresence(name -> true)
                .url("jdbc:aurora:postgresql://" + CLUSTER + "/app?additionalPlugins=iam,bg").build();
        assertThat(c.wrapperProperties().getProperty("wrapperPlugins"))
                .isEqualTo("initialConnection,auroraConnectionTracker,failover2,readWriteSplitting,efm2,iam,bg");
        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.additionalPlugins()).containsExactly("iam", "bg");
        AuroraConfig custom = AuroraConfig.builder().classPresence(name -> true)
                .url("jdbc:aurora:postgresql://c.cluster-custom-xyz.us-east-1.rds.amazonaws.com/app"
                        + "?additionalPlugins=customEndpoint")
                .readerUrl("jdbc:aurora:postgresql://c.cluster-ro-xyz.us-east-1.rds.amazonaws.com/app").build();
        assertThat(custom.wrapperProperties().getProperty("wrapperPlugins")).endsWith(",efm2,customEndpoint");
        assertThat(custom.readerWrapperProperties().orElseThrow().getProperty("wrapperPlugins"))
                .doesNotContain("customEndpoint");
    }

    @Test
    void rdsProxyAndPlainHostsKeepIamWhenAsked() {
        for (String host : new String[] {"p.proxy-xyz.us-east-1.rds.amazonaws.com", "db.example.com"}) {
            AuroraConfig c = AuroraConfig.builder().classPresence(name -> true)
                    .url("jdbc:aurora:postgresql://" + host + "/app?additionalPlugins=iam").build();
            assertThat(c.wrapperProperties()).as(host).containsEntry("wrapperPlugins", "iam");
            assertThat(c.failoverEnabled()).isFalse();
        }
    }

    @Test
    void iamNeedsTheSdkJarNamedInTheMessage() {
        assertThatThrownBy(() -> AuroraConfig.builder().classPresence(name -> false)
                .url("jdbc:aurora:postgresql://" + CLUSTER + "/app?additionalPlugins=iam").build())
                .hasMessageContaining("additionalPlugins='iam'")
                .hasMessageContaining("software.amazon.awssdk:rds")
                .hasMessageContaining("software.amazon.awssdk.services.rds.RdsUtilities");
        assertThat(AuroraConfig.builder().classPresence(name -> !name.contains(".rds."))
                .url("jdbc:aurora:postgresql://" + CLUSTER + "/app?additionalPlugins=iam").build()
                .additionalPlugins()).as("the wrapper's light IAM utility (auth + http-client-spi jars)")
                .containsExactly("iam");
        assertThatThrownBy(() -> AuroraConfig.builder().classPresence(name -> true)
                .url("jdbc:aurora:postgresql://" + CLUSTER + "/app?additionalPlugins=awsSecretsManager").build())
                .hasMessageContaining("needs secretsManagerSecretId");
    }

    @Test
    void nonStringPropertyValuesAreHonoured() {
        Properties info = new Properties();
        info.put("maximumPoolSize", 20);
        info.put("tcpKeepAlive", Boolean.FALSE);
        info.put("connectTimeout", Duration.ofSeconds(4));
        info.put("prepareThreshold", 0);
        AuroraConfig c = AuroraConfig.fromUrl("jdbc:aurora:postgresql://" + CLUSTER + "/app", info);
        assertThat(c.maximumPoolSize()).isEqualTo(20);
        assertThat(c.wrapperProperties()).containsEntry("tcpKeepAlive", "false").containsEntry("connectTimeout", "4000")
                .containsEntry("prepareThreshold", "0");
    }

    @Test
    void knownWrapperAndPgjdbcKeysNearCatalogueKeysStillPassThrough() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?failoverTimeoutMs=5000&sslpassword=x"
                + "&options=-c%20x=1");
        assertThat(c.wrapperProperties()).containsEntry("failoverTimeoutMs", "5000").containsEntry("options", "-c x=1");
    }

    @Test
    void toStringMasksPassThroughSecrets() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?sslpassword=" + SECRET + "&accessToken="
                + SECRET);
        assertThat(c.toString()).doesNotContain(SECRET).contains("sslpassword=****", "accessToken=****");
        assertThat(c.wrapperProperties().toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "db.example.com"})
    void plainHostIsAnOrdinaryPoolWithPluginsOff(String host) {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + host + ":5544/app");
        Properties p = c.wrapperProperties();
        assertThat(p).containsEntry("wrapperPlugins", "").containsEntry("wrapperDialect", "pg")
                .containsEntry("connectTimeout", "10000").containsEntry("tcpKeepAlive", "true")
                .doesNotContainKeys("failoverTimeoutMs", "failureDetectionTime", "readerHostSelectorStrategy");
        assertThat(c.failoverEnabled()).isFalse();
        assertThat(c.readWriteSplitting()).isFalse();
        assertThat(c.failoverDisabledReason()).get().asString().contains(host).contains("not an Amazon RDS/Aurora host name");
    }

    @Test
    void rdsProxyGetsNoFailoverEfmOrSplitting() {
        AuroraConfig c = url("jdbc:aurora:postgresql://p.proxy-xyz.us-east-1.rds.amazonaws.com/app");
        assertThat(c.wrapperProperties()).containsEntry("wrapperPlugins", "").doesNotContainKey("wrapperDialect");
        assertThat(c.failoverDisabledReason()).get().asString().contains("RDS Proxy");
    }

    @Test
    void fastFailoverPresetDetectsFailuresInSeconds() {
        Properties p = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=fast-failover").wrapperProperties();
        assertThat(Long.parseLong(p.getProperty("failureDetectionTime"))).isBetween(2000L, 3000L);
        assertThat(p).containsEntry("failureDetectionInterval", "1000");
        assertThat(Integer.parseInt(p.getProperty("failureDetectionCount"))).isBetween(2, 3);
        assertThat(p).containsEntry("failoverTimeoutMs", "30000").containsEntry("monitoring-socketTimeout", "1000")
                .containsEntry("monitoring-connectTimeout", "1000").containsEntry("connectTimeout", "3000").containsEntry("openConnectionRetryTimeoutMs", "3000");
    }

    @Test
    void serverlessPresetSurvivesAnAutoPauseResume() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=serverless-v2");
        Properties p = c.wrapperProperties();
        // AWS: JDBC connectTimeout and sslResponseTimeout above 15 s, at least 30 s after a pause of more than 24 h;
        // every phase of one attempt has room for that, and the whole attempt for a 30 s hold in any one phase
        long resume = 30_000;
        long connect = Long.parseLong(p.getProperty("connectTimeout"));
        long ssl = Long.parseLong(p.getProperty("sslResponseTimeout"));
        long login = Long.parseLong(p.getProperty("loginTimeout"));
        assertThat(connect).isGreaterThan(resume);
        assertThat(ssl).isGreaterThan(resume);
        assertThat(login).isGreaterThanOrEqualTo(Math.max(connect, ssl) + resume);
        assertThat(p).containsEntry("connectTimeout", "45000").containsEntry("sslResponseTimeout", "45000")
                .containsEntry("loginTimeout", "75000").containsEntry("openConnectionRetryTimeoutMs", "90000")
                .containsEntry("monitorDisposalTime", "60000");
        // a second attempt fits in the wrapper's retries and in getConnection()'s wait
        assertThat(c.connectRetryTimeout()).isEqualTo(Duration.ofSeconds(90))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2 * connect));
        assertThat(c.poolConnectionTimeout()).isEqualTo(c.connectRetryTimeout());
        // the retry budget follows: detection 10s + 1s + 5s x 3 + probe 10s, failoverTimeout 60s, connectRetryTimeout
        assertThat(c.defaultRetryBudget()).isEqualTo(Duration.ofSeconds(36 + 60 + 90));
        // and it lets the instance pause
        HikariConfig h = c.hikariConfig();
        assertThat(h.getMinimumIdle()).isZero();
        assertThat(h.getIdleTimeout()).isEqualTo(60_000);
        assertThat(h.getConnectionTimeout()).isEqualTo(90_000);
        assertThat(c.monitorIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void otherPresetsKeepTheirConnectBehaviourAndHikariDefaults() {
        for (String preset : new String[] {"provisioned", "fast-failover"}) {
            AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=" + preset);
            Properties p = c.wrapperProperties();
            assertThat(p.getProperty("openConnectionRetryTimeoutMs")).as(preset).isEqualTo(p.getProperty("connectTimeout"));
            assertThat(p).as(preset).containsEntry("sslResponseTimeout", "5000")
                    .containsEntry("monitorDisposalTime", "600000");
            assertThat(c.hikariConfig().getIdleTimeout()).as(preset).isEqualTo(new HikariConfig().getIdleTimeout());
            assertThat(c.monitorIdleTimeout()).as(preset).isZero();
        }
    }

    @Test
    void readsGetAPoolOnTheClustersReaderEndpointUnlessOneIsGivenOrTurnedOff() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + ":5433/app");
        assertThat(c.readerHost()).contains(CLUSTER.replace(".cluster-", ".cluster-ro-"));
        assertThat(c.readerHostDerived()).isTrue();
        assertThat(c.readerPort()).isEqualTo(5433);
        assertThat(c.readerWrapperProperties().orElseThrow().getProperty("wrapperPlugins"))
                .isEqualTo("initialConnection,auroraConnectionTracker,failover2,efm2");
        assertThat(c.readerHikariConfig().orElseThrow().isReadOnly()).isTrue();
        assertThat(c.readerHikariConfig().orElseThrow().getMaximumPoolSize()).isEqualTo(10);
        HikariConfig small = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?maximumPoolSize=20"
                + "&readerMaximumPoolSize=4").readerHikariConfig().orElseThrow();
        assertThat(small.getMaximumPoolSize()).isEqualTo(4);
        assertThat(small.getMinimumIdle()).isEqualTo(4);
        for (String off : new String[] {"readerPool=false", "readWriteSplitting=false", "failover=off"}) {
            assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app?" + off).readerHost()).as(off).isEmpty();
        }
        assertThat(url("jdbc:aurora:postgresql://instance-1.xyz.us-east-1.rds.amazonaws.com/app").readerHost())
                .isEmpty();
        AuroraConfig given = AuroraConfig.builder().url("jdbc:aurora:postgresql://" + CLUSTER + "/app")
                .readerEndpoint("mycluster.cluster-custom-abc.us-east-1.rds.amazonaws.com", 5432).build();
        assertThat(given.readerHost()).contains("mycluster.cluster-custom-abc.us-east-1.rds.amazonaws.com");
        assertThat(given.readerHostDerived()).isFalse();
    }

    @Test
    void theDetectionWindowBoundsTheWrappersVerdict() {
        // grace + the wrapper's 1 s tick + interval x count + the longer of a validity check and a reconnect
        assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app").failureDetectionWindow())
                .isEqualTo(Duration.ofSeconds(10 + 1 + 5 * 3 + 5));
        AuroraConfig fast = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=fast-failover");
        assertThat(fast.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fast.failureDetectionWindow()).isEqualTo(Duration.ofSeconds(2 + 1 + 2 + 1));
        // a 10 s interval checks validity for 4 s, unless the probe connection's socket timeout is shorter
        AuroraConfig slow = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?failureDetectionInterval=10s"
                + "&monitoring-connectTimeout=1s&monitoring-socketTimeout=10s");
        assertThat(slow.probeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(slow.failureDetectionWindow()).isEqualTo(Duration.ofSeconds(10 + 1 + 10 * 3 + 4));
        AuroraConfig shortSocket = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?failureDetectionInterval=10s"
                + "&monitoring-connectTimeout=1s&monitoring-socketTimeout=2500ms");
        assertThat(shortSocket.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void connectRetryTimeoutDefaultsToTheConnectTimeoutAndCanBeSetApart() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?connectTimeout=7s");
        assertThat(c.connectRetryTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.value(AuroraProperty.CONNECT_RETRY_TIMEOUT)).isEmpty();
        AuroraConfig apart = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?connectTimeout=7s&connectRetryTimeout=2m");
        assertThat(apart.wrapperProperties()).containsEntry("connectTimeout", "7000")
                .containsEntry("openConnectionRetryTimeoutMs", "120000");
        assertThat(apart.defaultRetryBudget()).isEqualTo(Duration.ofSeconds(31 + 60 + 120));
        // a plain host runs no initialConnection plugin: nothing to pass
        assertThat(url("jdbc:aurora:postgresql://127.0.0.1/app?connectRetryTimeout=2m").wrapperProperties())
                .doesNotContainKey("openConnectionRetryTimeoutMs");
        assertThatThrownBy(() -> url("jdbc:aurora:postgresql://" + CLUSTER + "/app?connectRetryTimeout=90s"
                + "&openConnectionRetryTimeoutMs=90000"))
                .hasMessage("connectRetryTimeout='90s' contradicts openConnectionRetryTimeoutMs='90000'; expected only"
                        + " one of them (connectRetryTimeout takes a unit, e.g. 90s)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "idleTimeout=5s | idleTimeout='5s' is invalid; expected 0 (never) or from 10s to 29m, as a duration with a unit",
        "idleTimeout=30m | idleTimeout='30m' is invalid; expected 0 (never) or from 10s to 29m",
        "idleTimeout=60 | idleTimeout='60': a duration without a unit is ambiguous",
        "idleTimeout=-1s | idleTimeout='-1s' is invalid; expected 0 (never) or from 10s to 29m",
        "sslResponseTimeout=45000 | sslResponseTimeout='45000': a duration without a unit is ambiguous",
        "sslResponseTimeout=0 | sslResponseTimeout='0' is invalid; expected at least 1s",
        "connectRetryTimeout=500ms | connectRetryTimeout='500ms' is invalid; expected at least 1s",
        "monitorDisposalTime=60000 | monitorDisposalTime='60000': a duration without a unit is ambiguous",
        "monitorIdleTimeout=500ms | monitorIdleTimeout='500ms' is invalid; expected 0 (none) or at least 1s",
        "monitorIdleTimeout=25h | monitorIdleTimeout='25h' is invalid; expected at most 24h"
    })
    void newDurationsAreCheckedWithClearMessages(String setting, String message) {
        assertThatThrownBy(() -> url("jdbc:aurora:postgresql://" + CLUSTER + "/app?" + setting))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void newDurationsTakeTheirValues() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?idleTimeout=0&sslResponseTimeout=20s"
                + "&monitorDisposalTime=2m&monitorIdleTimeout=1m&minimumIdle=0");
        assertThat(c.idleTimeout()).isZero();
        assertThat(c.hikariConfig().getIdleTimeout()).isZero();
        assertThat(c.wrapperProperties()).containsEntry("sslResponseTimeout", "20000")
                .containsEntry("monitorDisposalTime", "120000");
        assertThat(c.monitorIdleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app?idleTimeout=10s").idleTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app?idleTimeout=29m").idleTimeout())
                .isEqualTo(Duration.ofMinutes(29));
        // plain host: pgjdbc still gets sslResponseTimeout, the efm2 setting has no plugin to go to
        assertThat(url("jdbc:aurora:postgresql://127.0.0.1/app?sslResponseTimeout=20s").wrapperProperties())
                .containsEntry("sslResponseTimeout", "20000").doesNotContainKey("monitorDisposalTime");
    }

    @Test
    void explicitPropertiesWinOverThePreset() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?preset=fast-failover&connectTimeout=7s"
                + "&failureDetectionCount=5");
        assertThat(c.wrapperProperties()).containsEntry("connectTimeout", "7000")
                .containsEntry("failureDetectionCount", "5").containsEntry("failureDetectionTime", "2000");
        assertThat(c.preset()).isEqualTo(Preset.FAST_FAILOVER);
    }

    @Test
    void unknownKeysPassThroughAndMayOverrideDerivedOnes() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?sslmode=require&clusterInstanceHostPattern="
                + "%3F.xyz.us-east-1.rds.amazonaws.com&wrapperDialect=rds-pg&clusterId=orders");
        assertThat(c.wrapperProperties()).containsEntry("sslmode", "require")
                .containsEntry("clusterInstanceHostPattern", "?.xyz.us-east-1.rds.amazonaws.com")
                .containsEntry("wrapperDialect", "rds-pg").containsEntry("clusterId", "orders");
    }

    @Test
    void optionsShapeThePluginList() {
        assertThat(url("jdbc:aurora:postgresql://" + CLUSTER + "/app?readWriteSplitting=false").wrapperProperties()
                .getProperty("wrapperPlugins")).isEqualTo("initialConnection,auroraConnectionTracker,failover2,efm2");
        Properties fastest = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?readerHostSelectorStrategy=fastestResponse")
                .wrapperProperties();
        assertThat(fastest.getProperty("wrapperPlugins")).endsWith(",fastestResponseStrategy");
        Properties internal = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?internalPool=true"
                + "&readerHostSelectorStrategy=leastConnections&maximumPoolSize=7").wrapperProperties();
        assertThat(internal).containsEntry("connectionPoolType", "hikari").containsEntry("cp-maximumPoolSize", "7")
                .containsEntry("readerHostSelectorStrategy", "leastConnections");
    }

    @Test
    void readerEndpointGetsItsOwnReadOnlyPoolWithoutSplittingButTheSameClusterId() {
        AuroraConfig c = AuroraConfig.builder()
                .url("jdbc:aurora:postgresql://" + CLUSTER + ":5432/app?user=app")
                .readerUrl("jdbc:aurora:postgresql://mycluster.cluster-ro-xyz.us-east-1.rds.amazonaws.com:5432/app?user=app")
                .build();
        Properties reader = c.readerWrapperProperties().orElseThrow();
        assertThat(reader.getProperty("wrapperPlugins")).doesNotContain("readWriteSplitting").contains("failover2");
        assertThat(reader).containsEntry("clusterId", CLUSTER + ":5432");
        HikariConfig h = c.readerHikariConfig().orElseThrow();
        assertThat(h.isReadOnly()).isTrue();
        assertThat(h.getJdbcUrl()).isEqualTo("jdbc:aws-wrapper:postgresql://mycluster.cluster-ro-xyz.us-east-1"
                + ".rds.amazonaws.com:5432/app");
    }

    @Test
    void readerUrlMayDifferOnlyInHostAndPort() {
        assertThatThrownBy(() -> AuroraConfig.builder().url("jdbc:aurora:postgresql://h1/app")
                .readerUrl("jdbc:aurora:postgresql://h2/other").build())
                .hasMessageContaining("reader database='other'").hasMessageContaining("only in host and port");
        assertThatThrownBy(() -> AuroraConfig.builder().url("jdbc:aurora:postgresql://h1/app?password=" + SECRET)
                .readerUrl("jdbc:aurora:postgresql://h2/app?password=other-" + SECRET).build())
                .hasMessageContaining("password='****'").hasMessageNotContaining(SECRET);
    }

    @Test
    void hikariConfigUsesTheWrapperDriverAndTheExceptionOverride() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?user=app&password=" + SECRET
                + "&maximumPoolSize=12&minimumIdle=2&poolConnectionTimeout=20s");
        HikariConfig h = c.hikariConfig();
        assertThat(h.getDriverClassName()).isEqualTo("software.amazon.jdbc.Driver");
        assertThat(h.getExceptionOverrideClassName()).isEqualTo("software.amazon.jdbc.util.HikariCPSQLException");
        assertThat(h.getJdbcUrl()).isEqualTo(c.wrapperUrl()).doesNotContain(SECRET);
        assertThat(h.getUsername()).isEqualTo("app");
        assertThat(h.getPassword()).isEqualTo(SECRET);
        assertThat(h.getDataSourceProperties()).doesNotContainKeys("password", "user");
        assertThat(h.getMaximumPoolSize()).isEqualTo(12);
        assertThat(h.getMinimumIdle()).isEqualTo(2);
        assertThat(h.getConnectionTimeout()).isEqualTo(20_000);
        assertThat(h.isReadOnly()).isFalse();
    }

    @Test
    void toStringMasksThePassword() {
        AuroraConfig c = url("jdbc:aurora:postgresql://" + CLUSTER + "/app?user=app&password=" + SECRET);
        assertThat(c.toString()).doesNotContain(SECRET).contains("password=****").contains(CLUSTER);
        assertThat(c.value(AuroraProperty.PASSWORD)).isEmpty();
        assertThat(c.hasPassword()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "preset=turbo | preset='turbo' is unknown; expected one of provisioned, fast-failover, serverless-v2",
        "preset=FastFailover | preset='FastFailover' is unknown",
        "connectTimeout=0 | connectTimeout='0' is invalid; expected at least 1s",
        "connectTimeout=-5s | connectTimeout='-5s' is invalid",
        "connectTimeout=30 | connectTimeout='30': a duration without a unit is ambiguous",
        "socketTimeout=500ms | socketTimeout='500ms' is invalid; expected 0 (none) or at least 1s",
        "failoverTimeout=soon | failoverTimeout='soon': not a duration",
        "monitoring-connectTimeout=3000 | monitoring-connectTimeout='3000': a duration without a unit is ambiguous",
        "readerHostSelectorStrategy=RoundRobin | readerHostSelectorStrategy='RoundRobin' is invalid; expected one of"
                + " random, roundRobin",
        "readerHostSelectorStrategy=leastConnections | contradicts internalPool='false'",
        "internalPool=true&readWriteSplitting=false | internalPool='true' contradicts readWriteSplitting='false'",
        "failoverTimeout=30s&failoverTimeoutMs=60000 | failoverTimeout='30s' contradicts failoverTimeoutMs='60000'",
        "maximumPoolSize=0 | maximumPoolSize='0' is invalid; expected a whole number from 1 to 10000",
        "maximumPoolSize=5&minimumIdle=6 | minimumIdle='6' contradicts maximumPoolSize='5'",
        "tcpKeepAlive=yes | tcpKeepAlive='yes' is invalid; expected true or false",
        "failureDetectionCount=x | failureDetectionCount='x' is invalid; expected a whole number from 1 to 100"
    })
    void badPropertiesNameThePropertyValueAndExpectedForm(String query, String message) {
        assertThatThrownBy(() -> url("jdbc:aurora:postgresql://" + CLUSTER + "/app?" + query))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void badEndpointsAreRejectedAtBuild() {
        assertThatThrownBy(() -> AuroraConfig.builder().clusterEndpoint("", 5432).build())
                .hasMessageContaining("host=''").hasMessageContaining("expected a host name");
        assertThatThrownBy(() -> AuroraConfig.builder().clusterEndpoint(null, 5432).build())
                .hasMessageContaining("host='null'");
        assertThatThrownBy(() -> AuroraConfig.builder().clusterEndpoint("h/x", 5432).build())
                .hasMessageContaining("host='h/x'");
        assertThatThrownBy(() -> AuroraConfig.builder().clusterEndpoint("h", 70000).build())
                .hasMessageContaining("port=70000 is out of range; expected 1 to 65535");
        assertThatThrownBy(() -> AuroraConfig.builder().clusterEndpoint("h", 0).build())
                .hasMessageContaining("port=0");
        assertThatThrownBy(() -> AuroraConfig.fromUrl("jdbc:aurora:postgresql://h:99999/db", null))
                .hasMessageContaining("port=99999");
        assertThatThrownBy(() -> AuroraConfig.builder().database(" "))
                .hasMessageContaining("database=' '").hasMessageContaining("expected a database name");
    }

    @Test
    void secretValuesAreMaskedInValidationMessages() {
        assertThatThrownBy(() -> AuroraConfig.fromUrl("jdbc:aurora:postgresql://h/db?password=" + SECRET
                + "&connectTimeout=5", null)).hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> AuroraConfig.fromUrl("jdbc:aurora:postgresql://u:" + SECRET + "@h:x/db", null))
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void urlParametersWinOverInfoProperties() {
        Properties info = new Properties();
        info.setProperty("user", "from-info");
        info.setProperty("password", SECRET);
        info.setProperty("connectTimeout", "4s");
        AuroraConfig c = AuroraConfig.fromUrl("jdbc:aurora:postgresql://h/db?user=from-url", info);
        assertThat(c.user()).contains("from-url");
        assertThat(c.hasPassword()).isTrue();
        assertThat(c.wrapperProperties()).containsEntry("connectTimeout", "4000");
    }
}
