package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options give exit code 2 and a one-line error naming the option, before any lab or connection is started; no
 * password ever shows in what the drill prints.
 */
class DrillCommandUsageTest {

    /** The password in the URLs and in the {@code --password-env} variable of the tables below. */
    private static final String SECRET = "s3cr3tPw";
    private static final String ENV_PASSWORD = "envPw-9f8e7d";
    private static final String CREDS = " --user u --password-env DRILL_PW";

    @TempDir
    static Path callerDir;

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
            "--fault chaos --faults 0             | --faults: expected 1 to 1000, got 0",
            "--fault chaos --faults 1001          | --faults: expected 1 to 1000, got 1001",
            "--fault chaos --faults -3            | --faults",
            "--fault chaos --faults many          | --faults",
            "--fault chaos --seed x7              | --seed",
            "--fault chaos --seed 99999999999999999999 | --seed",
            "--faults 3                           | --faults only applies with --fault chaos",
            "--fault crash --faults 3             | --faults only applies with --fault chaos",
            "--seed 42                            | --seed only applies with --fault chaos",
            "--pause-wait 10s                     | --pause-wait only applies with --fault pause",
            "--fault pause --pause-wait 0s        | --pause-wait",
            "--url jdbc:aurora:postgresql://h/db --user u --password-env P --faults 3 | --faults",
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
        assertThat(result.out).contains("--fault", "crash", "planned", "isolate", "latency", "reader-crash", "restart",
                "chaos", "--faults", "--seed",
                "--json", "--plot", "--url", "--password-env", "Exit codes");
    }

    /**
     * Every bad input of the drill audit: the expected one-line message, exit 2, no password anywhere. Rows with
     * {@code DIR} expect the caller's directory there (relative --json/--plot paths resolve against it).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // durations are capped
            "--warmup 99999999999h                 | --warmup: at most 1h, got '99999999999h'",
            "--warmup 999999999999999999h          | --warmup",
            "--warmup 99999999999999999999h        | --warmup",
            "--after 2h                            | --after: at most 1h, got '2h'",
            "--latency 5m --fault latency          | --latency: at most 1m, got '5m'",
            "--manual-wait 48h                     | --manual-wait: at most 24h, got '48h'",
            "--warmup 0                            | --warmup: expected a positive duration",
            // report files are checked before the run, relative to the caller's directory
            "--json /no-such-dir-aurora-kit/r.json | --json: cannot write /no-such-dir-aurora-kit/r.json: directory /no-such-dir-aurora-kit does not exist",
            "--plot /no-such-dir-aurora-kit/p      | --plot: cannot write /no-such-dir-aurora-kit/p.png: directory /no-such-dir-aurora-kit does not exist",
            "--json missing/r.json                 | --json: cannot write DIR/missing/r.json: directory DIR/missing does not exist",
            "--plot missing/p.png                  | --plot: cannot write DIR/missing/p.png",
            "--json .                              | --json: DIR is a directory",
            "--json file.txt/r.json                | --json: cannot write DIR/file.txt/r.json: DIR/file.txt is not a directory",
            "--json r.png --plot r                 | --json and --plot name the same file DIR/r.png",
            // usage errors inside --url name --url and never show the password
            "--url postgresql://app:s3cr3tPw@h/db" + CREDS + "                      | --url: expected jdbc:aurora:postgresql://",
            "--url jdbc:aurora:postgresql://app:s3cr3tPw@/db" + CREDS + "           | --url: ",
            "--url jdbc:aurora:postgresql://app:pa/s3cr3tPw@/db" + CREDS + "        | --url: ",
            "--url jdbc:aurora:postgresql://app:s3cr3tPw@h:99999/db" + CREDS + "    | --url: ",
            "--url jdbc:aurora:postgresql://app:s3cr3tPw@h:port/db" + CREDS + "     | --url: ",
            "--url jdbc:aurora:postgresql://h/db?password=s3cr3tPw&preset=turbo" + CREDS + "         | --url: ",
            "--url jdbc:aurora:postgresql://h/db?password=s3cr3tPw&connectTimeout=5" + CREDS + "     | --url: ",
            "--url jdbc:aurora:postgresql://h/db%zz?password=s3cr3tPw" + CREDS + "                   | --url: ",
            "--url jdbc:aurora:postgresql://h1,h2/db?token=s3cr3tPw" + CREDS + "                     | --url: ",
            "--url jdbc:aurora:postgresql://h?password=s3cr3tPw" + CREDS + "                         | --url: ",
            "--url jdbc:aurora:postgresql://h/db?Password=s3cr3tPw" + CREDS + "                      | --url: ",
            "--url jdbc:aurora:postgresql://h/db?password=s3cr3tPw --user u                         | --password-env",
            "--url=jdbc:aurora:postgresql://app:s3cr3tPw@h/db" + CREDS + " --fault crash             | --fault",
            "jdbc:aurora:postgresql://app:s3cr3tPw@h/db                            | Unmatched argument",
    })
    void badInputTable(String args, String expected) throws Exception {
        Files.writeString(callerDir.resolve("file.txt"), "not a directory");
        Result result = run(Map.of("DRILL_PW", ENV_PASSWORD, ReportFiles.CALLER_DIR_VARIABLE, callerDir.toString()),
                args.trim().split("\\s+"));

        assertThat(result.code).as(result.err).isEqualTo(DrillCommand.USAGE);
        assertThat(result.err.lines()).as(result.err).hasSize(1);
        assertThat(result.err).startsWith("drill: ").contains(expected.replace("DIR", callerDir.toString()));
        assertThat(result.out + result.err).doesNotContain(SECRET).doesNotContain(ENV_PASSWORD)
                .doesNotContain("Aurora lab up");
    }

    /**
     * A --url that cannot be reached stops before the run with one line naming --url and the cause (exit 1), not with
     * 100% failures and a 10-minute wait; passwords from the URL and from --password-env stay hidden.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "jdbc:aurora:postgresql://127.0.0.1:1/db",
            "jdbc:aurora:postgresql://u:s3cr3tPw@127.0.0.1:1/db",
            "jdbc:aurora:postgresql://127.0.0.1:1/db?password=s3cr3tPw",
    })
    void unreachableUrlIsOneLineNamingUrlAndTheCause(String url) {
        Result result = run(Map.of("DRILL_PW", ENV_PASSWORD)::get, "--url", url, "--user", "u",
                "--password-env", "DRILL_PW", "--warmup", "1s");

        assertThat(result.code).as(result.err).isEqualTo(DrillCommand.FAIL);
        assertThat(result.err.lines()).as(result.err).hasSize(1);
        assertThat(result.err).startsWith("drill: --url: cannot connect to 127.0.0.1:1/db: ").containsIgnoringCase("refused");
        assertThat(result.out + result.err).doesNotContain(SECRET).doesNotContain(ENV_PASSWORD).doesNotContain("crash");
    }

    @Test
    void reportFilesResolveAgainstTheCallersDirectoryAndThePlotEndsInPng() {
        DrillPlan plan = DrillCommand.planOf(Map.of(ReportFiles.CALLER_DIR_VARIABLE, callerDir.toString())::get,
                "--json", "out.json", "--plot", "throughput");

        assertThat(plan.json()).isEqualTo(callerDir.resolve("out.json"));
        assertThat(plan.plot()).isEqualTo(callerDir.resolve("throughput.png"));
        assertThat(DrillCommand.planOf(Map.of(ReportFiles.CALLER_DIR_VARIABLE, callerDir.toString())::get,
                "--plot", "t.PNG").plot()).isEqualTo(callerDir.resolve("t.PNG"));
    }

    @Test
    void drillsRunOnAuroraTimingByDefaultAndChaosWithTwentyFaultsAndARandomSeed() {
        assertThat(DrillCommand.planOf(name -> null).timing()).isEqualTo(io.aurorakit.lab.LabTiming.AURORA);
        DrillPlan plan = DrillCommand.planOf(name -> null, "--fault", "chaos");

        assertThat(plan.fault()).isNull();
        assertThat(plan.chaos().faults()).isEqualTo(20);
        assertThat(plan.timing()).isEqualTo(io.aurorakit.lab.LabTiming.AURORA);
        assertThat(plan.after()).hasSeconds(5);
        assertThat(plan.faultName()).isEqualTo("chaos (20 faults, seed " + plan.chaos().seed() + ")");
        DrillPlan given = DrillCommand.planOf(name -> null, "--fault", "CHAOS", "--faults", "3", "--seed", "-7",
                "--timing", "fast");
        assertThat(given.chaos()).isEqualTo(new ChaosPlan(3, -7));
        assertThat(given.timing()).isEqualTo(io.aurorakit.lab.LabTiming.FAST);
        assertThat(DrillCommand.planOf(name -> null, "--fault", "restart").fault())
                .isEqualTo(io.aurorakit.lab.Fault.RESTART);
    }

    @Test
    void aUrlDrillIsNotCalledACrash() {
        DrillPlan plan = DrillCommand.planOf(name -> null,
                "--url", "jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app", "--user", "u",
                "--password-env", "P");

        assertThat(plan.faultName()).isEqualTo("operator-triggered failover");
        assertThat(DrillCommand.planOf(name -> null).faultName()).isEqualTo("crash");
    }

    @Test
    void helpDocumentsExitCodesCtrlCAndTheDurationCaps() {
        Result result = run("--help");

        assertThat(result.code).isZero();
        assertThat(result.out.replaceAll("\\s+", " ")).contains("130 interrupted by Ctrl-C", "--warmup and --after are at most 1h",
                "--latency at most 1m", "--manual-wait at most 24h");
    }

    private static Result run(String... args) {
        return run(System::getenv, args);
    }

    private static Result run(Map<String, String> environment, String... args) {
        return run(environment::get, args);
    }

    private static Result run(Function<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
