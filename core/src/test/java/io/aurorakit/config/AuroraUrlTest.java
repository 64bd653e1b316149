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
    void defaultsThePortAndAllowsAnEmptyDatabase() {
        AuroraUrl u = AuroraUrl.parse("jdbc:aurora:postgresql://localhost/");
        assertThat(u.port).isEqualTo(5432);
        assertThat(u.database).isEmpty();
        assertThat(AuroraUrl.parse("jdbc:aurora:postgresql://localhost").database).isEmpty();
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
        "jdbc:aurora:postgresql://h/db?=x"})
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
                .isEqualTo("postgres://u:****@h/db?x=1&Password=****&y=2");
    }
}
