package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuroraUrlTest {

    @Test
    void parsesHostPortDatabaseAndParameters() {
        AuroraUrl u = AuroraUrl.parse("jdbc:aurora:postgresql://mycluster.cluster-xyz.us-east-1.rds.amazonaws.com:6543/app"
                + "?preset=fast-failover&ApplicationName=my%20app&password=p%26w");
        assertThat(u.host).isEqualTo("mycluster.cluster-xyz.us-east-1.rds.amazonaws.com");
        assertThat(u.port).isEqualTo(6543);
        assertThat(u.database).isEqualTo("app");
        assertThat(u.parameters).containsExactly(Map.entry("preset", "fast-failover"),
                Map.entry("ApplicationName", "my app"), Map.entry("password", "p&w"));
    }

    @Test
    void defaultsThePortAndRequiresADatabase() {
        assertThat(AuroraUrl.parse("jdbc:aurora:postgresql://localhost/app").port).isEqualTo(5432);
        for (String url : new String[] {"jdbc:aurora:postgresql://localhost/", "jdbc:aurora:postgresql://localhost",
            "jdbc:aurora:postgresql://localhost?user=app"}) {
            assertThatThrownBy(() -> AuroraUrl.parse(url)).hasMessageContaining("no database; expected /database");
        }
    }

    @Test
    void plusStaysPlusAndOnlyPercentEscapesAreDecoded() {
        AuroraUrl u = AuroraUrl.parse("postgres://a+b:p+w%2Fx%40y@h/d+b?ApplicationName=my+app%20x&x=%C3%A9");
        assertThat(u.parameters).containsEntry("user", "a+b").containsEntry("password", "p+w/x@y")
                .containsEntry("ApplicationName", "my+app x").containsEntry("x", "\u00e9");
        assertThat(u.database).isEqualTo("d+b");
    }

    @Test
    void passwordMayContainAtAndColon() {
        AuroraUrl u = AuroraUrl.parse("postgres://app:p@s:s@h:6543/db");
        assertThat(u.parameters).containsEntry("user", "app").containsEntry("password", "p@s:s");
        assertThat(u.host).isEqualTo("h");
        assertThat(u.port).isEqualTo(6543);
    }

    @Test
    void atInAQueryValueIsNotUserInfo() {
        AuroraUrl u = AuroraUrl.parse("jdbc:aurora:postgresql://h:5432/db?ApplicationName=me@x");
        assertThat(u.host).isEqualTo("h");
        assertThat(u.parameters).containsEntry("ApplicationName", "me@x").doesNotContainKey("user");
    }

    @Test
    void messagesNameTheSource() {
        assertThatThrownBy(() -> AuroraUrl.parse("garbage", "DATABASE_URL_WRITER"))
                .hasMessageStartingWith("DATABASE_URL_WRITER='garbage' is malformed (unknown scheme)");
    }

    @Test
    void acceptsDatabaseUrlFormsWithUserInfo() {
        AuroraUrl u = AuroraUrl.parse("postgres://app:s%40cret@db.example.com:5433/shop");
        assertThat(u.host).isEqualTo("db.example.com");
        assertThat(u.port).isEqualTo(5433);
        assertThat(u.parameters).containsEntry("user", "app").containsEntry("password", "s@cret");
        assertThat(AuroraUrl.parse("jdbc:postgresql://h/d").host).isEqualTo("h");
        assertThat(AuroraUrl.parse("jdbc:aws-wrapper:postgresql://h/d").host).isEqualTo("h");
    }

    @Test
    void parsesBracketedIpv6() {
        AuroraUrl u = AuroraUrl.parse("jdbc:aurora:postgresql://[::1]:5544/db");
        assertThat(u.host).isEqualTo("::1");
        assertThat(u.port).isEqualTo(5544);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://h/db", "jdbc:aurora:postgresql:/h/db", "jdbc:aurora:postgresql:///db",
        "jdbc:aurora:postgresql://h1,h2/db", "jdbc:aurora:postgresql://[::1/db", "jdbc:aurora:postgresql://h/a/b",
        "jdbc:aurora:postgresql://h/db?=x", "jdbc:aurora:postgresql://::1/db",
        "jdbc:aurora:postgresql://h/db?a=1&a=2", "jdbc:aurora:mysql://h/db", "jdbc:aurora:postgresql://h/db#x"})
    void rejectsMalformedUrlsWithTheExpectedForm(String url) {
        assertThatThrownBy(() -> AuroraUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url='")
                .hasMessageContaining("expected jdbc:aurora:postgresql://host[:port]/database");
    }

    @Test
    void rejectsANonNumericPort() {
        assertThatThrownBy(() -> AuroraUrl.parse("jdbc:aurora:postgresql://h:abc/db"))
                .hasMessageContaining("port='abc'").hasMessageContaining("expected a number from 1 to 65535");
    }

    @Test
    void masksPasswordsInMessages() {
        assertThatThrownBy(() -> AuroraUrl.parse("jdbc:aurora:postgresql://u:hunter2@h1,h2/db?password=hunter2"))
                .hasMessageNotContaining("hunter2").hasMessageContaining("****");
        assertThat(AuroraUrl.masked("postgres://u:hunter2@h/db?x=1&Password=hunter2&y=2"))
                .isEqualTo("postgres://****@h/db?x=1&Password=****&y=2");
        assertThat(AuroraUrl.masked("postgres://app:pa/ss@host/db")).isEqualTo("postgres://****@host/db");
        assertThat(AuroraUrl.masked("postgres://app:pa?ss@host/db")).isEqualTo("postgres://****@host/db");
        assertThat(AuroraUrl.masked("postgres://app:p@ss@host/db")).isEqualTo("postgres://****@host/db");
        assertThat(AuroraUrl.masked("url='jdbc:x://h/db?sslpassword=s1&clientSecret=s2&accessToken=s3' bad"))
                .isEqualTo("url='jdbc:x://h/db?sslpassword=****&clientSecret=****&accessToken=****' bad");
    }
}
