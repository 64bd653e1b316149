package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./drill insights} with bad options: exit code 2 and one line naming the option, before anything connects;
 * no password shows.
 */
class InsightsCommandUsageTest {

    private static final String SECRET = "s3cr3tPw";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--top 0                                   | --top: expected 1 to 25, got 0",
            "--top 26                                  | --top: expected 1 to 25, got 26",
            "--window 2h                               | --window: at most 1h when sampling",
            "--window 0s                               | --window: expected a positive duration",
            "--window 500ms                            | --window: expected at least 1s",
            "--window soon                             | --window",
            "--pi                                      | --pi needs --resource-id",
            "--pi --resource-id db-ABC --window 200h   | --window: at most 7d",
            "--pi --resource-id db_bad!                | --resource-id: ",
            "--pi --resource-id db-ABC --pi-endpoint ftp://x | --pi-endpoint: expected an http(s) URL",
            "--pi --resource-id db-ABC --url jdbc:postgresql://h/db | --url does not apply with --pi",
            "--resource-id db-ABC --url jdbc:postgresql://h/db | --resource-id only applies with --pi",
            "--url postgresql://h/db                   | --url: expected jdbc:aurora:postgresql://",
            "--url jdbc:postgresql://h/db --password-env AURORA_KIT_UNSET_VAR | AURORA_KIT_UNSET_VAR is not set",
            "--url jdbc:mysql://app:s3cr3tPw@h/db      | --url: expected",
            "                                          | DATABASE_URL_WRITER is not set",
    })
    void badOptionsEndWithOneLineNamingTheOption(String args, String expected) {
        String[] argv = ("insights " + (args == null ? "" : args)).trim().split("\\s+");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.<String, String>of()::get, argv);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stderr: %s", printed).isEqualTo(DrillCommand.USAGE);
        assertThat(printed.lines().toList()).singleElement().asString().startsWith("drill: ").contains(expected)
                .doesNotContain(SECRET);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
