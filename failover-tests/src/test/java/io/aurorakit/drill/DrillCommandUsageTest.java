package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad options give exit code 2 and a one-line error naming the option, before any lab or connection is started. */
class DrillCommandUsageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--fault boom                         | --fault",
            "--rate 0                             | --rate",
            "--writers 100                        | --writers",
            "--readers 9                          | --readers",
            "--warmup 5                           | --warmup",
            "--after -3s                          | --after",
            "--timing slow                        | --timing",
            "--preset turbo                       | --preset",
            "--trigger manual                     | --trigger",
            "--user app                           | --user",
            "--url postgresql://x/db              | --url",
            "--url jdbc:aurora:postgresql://h/db  | --user",
            "--url jdbc:aurora:postgresql://h/db --user u | --password-env",
            "--url jdbc:aurora:postgresql://h/db --user u --password-env P --fault crash | --fault",
            "--url jdbc:aurora:postgresql://h/db --user u --password-env P --readers 3   | --readers",
            "--url jdbc:aurora:postgresql://h/db --user u --password-env P --trigger auto | --trigger",
            "--url jdbc:aurora:postgresql://h/db --user u --password-env AURORA_KIT_UNSET_VAR | AURORA_KIT_UNSET_VAR",
            "--no-such-option                     | --no-such-option",
    })
    void badOptionIsAOneLineUsageErrorNamingIt(String args, String named) {
        Result result = run(args.trim().split("\\s+"));

        assertThat(result.code).isEqualTo(DrillCommand.USAGE);
        assertThat(result.err.lines()).hasSize(1);
        assertThat(result.err).startsWith("drill: ").contains(named);
        assertThat(result.out).doesNotContain("Aurora lab up");
    }

    @Test
    void helpListsEveryFaultAndExitsZero() {
        Result result = run("--help");

        assertThat(result.code).isZero();
        assertThat(result.out).contains("--fault", "crash", "planned", "isolate", "latency", "reader-crash",
                "--json", "--plot", "--url", "--password-env", "Exit codes");
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
