package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of issue #10's audit that core handles, with the message fragment it must produce: an
 * {@link IllegalArgumentException} naming the property or option and the expected form, never a wrapper internal,
 * never the password.
 */
class BadInputTableTest {

    private static final String CLUSTER = "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com";
    private static final String PW = "Sekr1t-Zebra";
    private static final String BASE = "jdbc:aurora:postgresql://" + CLUSTER + "/app?password=" + PW + "&";

    private static Arguments url(String url, String password, String expected) {
        return Arguments.of(url, password, (Supplier<AuroraConfig>) () -> AuroraConfig.fromUrl(url, null), expected);
    }

    private static Arguments props(String label, Properties props, String expected) {
        props.setProperty("password", PW);
        return Arguments.of(label, PW, (Supplier<AuroraConfig>) () -> AuroraConfig.fromUrl(
                "jdbc:aurora:postgresql://" + CLUSTER + "/app", props), expected);
    }

    private static Properties with(Object key, Object value) {
        Properties p = new Properties();
        p.put(key, value);
        return p;
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
            // secrets in the user-info: masked by position whatever they contain
            url("postgres://app:pa/ssQ1@" + CLUSTER + "/db", "pa/ssQ1", "%-encoded as %2F"),
            url("postgres://app:pa/ssQ1@" + CLUSTER + "/db", "ssQ1", "url='postgres://****@" + CLUSTER + "/db'"),
            url("postgres://app:pa?ssQ2@" + CLUSTER + "/db", "ssQ2", "%3F"),
            url("postgres://app:p@ssQ3@h:x/db", "ssQ3", "port='x'"),
            url("postgres://app:p@ssQ3@h:x/db", "p@ss", "url='postgres://****@h:x/db'"),
            url("jdbc:aurora:mysql://app:Q4pw@h/db?password=Q4pw", "Q4pw", "aurora-kit supports only PostgreSQL"),
            url("jdbc:aurora:postgresql://h/db?sslpassword=Q5pw&sslpassword=Q5pw", "Q5pw", "given twice"),
            // parsing
            url("jdbc:aurora:postgresql://::1/db", PW, "an IPv6 address without brackets; expected it in brackets"),
            url("jdbc:aurora:postgresql://fe80::1:5432/db", PW, "[fe80::1]:5432"),
            url(BASE + "connectTimeout=5s&connectTimeout=6s", PW, "'connectTimeout' is given twice"),
            url("postgres://app:" + PW + "@h/db?password=" + PW, PW, "'password' is given twice (in user:password@"),
            url(BASE + "presett=fast-failover", PW, "property 'presett' is unknown; did you mean 'preset'?"),
            url(BASE + "sockettimeout=5s", PW, "property 'sockettimeout' is unknown; did you mean 'socketTimeout'?"),
            url(BASE + "failureDetectionIntervall=1s", PW, "did you mean 'failureDetectionInterval'?"),
            url("jdbc:aurora:postgresql://" + CLUSTER + "?password=" + PW, PW, "no database; expected /database"),
            url("jdbc:aurora:postgresql://" + CLUSTER + "/", PW, "no database"),
            url("postgres://app:" + PW + "@" + CLUSTER, PW, "no database"),
            url(BASE + "ApplicationName=%zz", PW, "bad %-escape"),
            url(BASE + "connectTimeout=600h", PW, "connectTimeout='600h' is invalid; expected at most 24h"),
            url(BASE + "failoverTimeout=999999999999999999s", PW, "failoverTimeout='999999999999999999s': too large"),
            url(BASE + "socketTimeout=9999999999999999999h", PW, "socketTimeout='9999999999999999999h': too large"),
            url(BASE + "poolConnectionTimeout=PT9999999999999H", PW, "poolConnectionTimeout='PT9999999999999H': too"),
            // endpoints and plugins
            url(BASE + "wrapperPlugins=iam", PW, "wrapperPlugins='iam' is not accepted"),
            url(BASE + "wrapperPlugins=iam", PW, "expected additionalPlugins=iam,awsSecretsManager,customEndpoint,bg"),
            url(BASE + "additionalPlugins=failover", PW, "additionalPlugins='failover' is invalid; expected a"
                    + " comma-separated list of iam, awsSecretsManager, customEndpoint, bg"),
            // (not iam: core's tests have the SDK's auth jar, with which the wrapper signs IAM tokens without rds)
            url("jdbc:aurora:postgresql://c.cluster-custom-xyz.us-east-1.rds.amazonaws.com/app?password=" + PW
                    + "&additionalPlugins=customEndpoint", PW, "needs software.amazon.awssdk:rds on the classpath"),
            url(BASE + "additionalPlugins=bg,awsSecretsManager&secretsManagerSecretId=s", PW,
                    "needs software.amazon.awssdk:secretsmanager"),
            url(BASE + "additionalPlugins=customEndpoint", PW, "customEndpoint needs an Aurora custom endpoint"),
            url(BASE + "failover=maybe", PW, "failover='maybe' is invalid; expected one of auto, on, off"),
            url("jdbc:aurora:postgresql://db.example.com/app?failover=on&password=" + PW, PW,
                    "failover='on' for db.example.com needs clusterInstanceHostPattern"),
            url("jdbc:aurora:postgresql://p.proxy-xyz.us-east-1.rds.amazonaws.com/app?failover=on", PW,
                    "contradicts the RDS Proxy endpoint"),
            url("jdbc:aurora:postgresql://g.global-xyz.global.rds.amazonaws.com/app", PW,
                    "needs globalClusterInstanceHostPatterns"),
            // Properties
            props("maximumPoolSize=0 (Integer)", with("maximumPoolSize", 0), "maximumPoolSize='0' is invalid"),
            props("tcpKeepAlive=Object", with("tcpKeepAlive", new Object()), "tcpKeepAlive has a value of type"
                    + " java.lang.Object, which is invalid; expected a String"),
            props("connectTimeout=Duration 600h", with("connectTimeout", Duration.ofHours(600)),
                    "connectTimeout='600h' is invalid; expected at most 24h"),
            props("key 7", with(7, "z"), "property key 7 of type java.lang.Integer is invalid"),
            props("Presett", with("Preset", "fast-failover"), "did you mean 'preset'?")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsAClearMessageWithoutTheSecret(String input, String password, Supplier<AuroraConfig> build,
            String expected) {
        assertThatThrownBy(build::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasMessageNotContaining(password)
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @ParameterizedTest
    @MethodSource("secretKeys")
    void toStringMasksEverySecretKey(String key) {
        AuroraConfig c = AuroraConfig.fromUrl("jdbc:aurora:postgresql://" + CLUSTER + "/app?" + key + "=" + PW, null);
        assertThat(c.toString()).doesNotContain(PW).contains(key + "=****");
        assertThat(c.wrapperProperties().toString()).doesNotContain(PW);
        assertThat(c.hikariConfig().getDataSourceProperties().getProperty(key)).isEqualTo(PW);
    }

    static List<String> secretKeys() {
        return List.of("sslpassword", "SSLPASSWORD", "accessToken", "clientSecret");
    }
}
