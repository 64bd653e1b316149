package io.aurorakit.bench;

import io.aurorakit.lab.Fault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@link FailoverTimingHarness}. {@code --profile} picks the defaults; later options override
 * them. Immutable once parsed.
 *
 * @param profile           quick, full or smoke
 * @param repetitions       runs per (configuration, fault)
 * @param faults            faults to inject
 * @param configurations    client configurations to compare
 * @param capSeconds        observation limit per run, counted from the end of the lab's failover
 * @param labStarts         FAST labs started only to time their start-up
 * @param plannedFailovers  planned failovers timed in the first FAST lab
 * @param out               JSON output file
 */
record HarnessOptions(String profile, int repetitions, List<Fault> faults,
                      List<ClientConfiguration> configurations, int capSeconds, int labStarts, int plannedFailovers,
                      Path out) {

    static final String USAGE = "usage: FailoverTimingHarness [--profile quick|full|smoke] [--reps N]"
            + " [--faults crash,planned,isolate] [--configs aurora-kit-default,aurora-kit-fast-failover,"
            + "wrapper-failover-v1,no-wrapper] [--cap-seconds S] [--lab-starts N] [--planned-failovers N]"
            + " [--out FILE]";

    /** The faults the harness measures: those that end with a new writer. */
    static final List<Fault> WRITER_FAULTS = java.util.Arrays.stream(Fault.values()).filter(Fault::changesWriter)
            .toList();

    static HarnessOptions profile(String name) {
        List<ClientConfiguration> all = List.of(ClientConfiguration.values());
        return switch (name) {
            case "quick" -> new HarnessOptions(name, 1, List.of(Fault.CRASH), all, 25, 1, 3,
                    Path.of("harness.json"));
            case "full" -> new HarnessOptions(name, 3, WRITER_FAULTS, all, 40, 3, 5,
                    Path.of("harness.json"));
            case "smoke" -> new HarnessOptions(name, 1, List.of(Fault.CRASH),
                    List.of(ClientConfiguration.AURORA_KIT_FAST_FAILOVER), 20, 0, 1, Path.of("harness.json"));
            default -> throw new IllegalArgumentException("--profile '" + name + "' is unknown; expected quick, full"
                    + " or smoke");
        };
    }

    private static Fault writerFault(String id) {
        String expected = WRITER_FAULTS.stream().map(Fault::id).collect(java.util.stream.Collectors.joining(", "));
        Fault fault;
        try {
            fault = Fault.byId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--faults: fault '" + id + "' is unknown; expected one of " + expected);
        }
        if (!fault.changesWriter()) {
            throw new IllegalArgumentException("--faults: fault '" + id + "' does not move the writer; expected one of "
                    + expected);
        }
        return fault;
    }

    static HarnessOptions parse(String... args) {
        HarnessOptions o = profile("quick");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            o = switch (option) {
                case "--profile" -> profile(value).withOut(o.out);
                case "--reps" -> new HarnessOptions(o.profile, atLeast(option, value, 0), o.faults,
                        o.configurations, o.capSeconds, o.labStarts, o.plannedFailovers, o.out);
                case "--faults" -> new HarnessOptions(o.profile, o.repetitions,
                        list(value).stream().map(HarnessOptions::writerFault).toList(), o.configurations, o.capSeconds,
                        o.labStarts, o.plannedFailovers, o.out);
                case "--configs" -> new HarnessOptions(o.profile, o.repetitions, o.faults,
                        list(value).stream().map(ClientConfiguration::byId).toList(), o.capSeconds, o.labStarts,
                        o.plannedFailovers, o.out);
                case "--cap-seconds" -> new HarnessOptions(o.profile, o.repetitions, o.faults, o.configurations,
                        atLeast(option, value, 5), o.labStarts, o.plannedFailovers, o.out);
                case "--lab-starts" -> new HarnessOptions(o.profile, o.repetitions, o.faults, o.configurations,
                        o.capSeconds, atLeast(option, value, 0), o.plannedFailovers, o.out);
                case "--planned-failovers" -> new HarnessOptions(o.profile, o.repetitions, o.faults,
                        o.configurations, o.capSeconds, o.labStarts, atLeast(option, value, 0), o.out);
                case "--out" -> o.withOut(Path.of(value));
                default -> throw new IllegalArgumentException("option '" + option + "' is unknown");
            };
        }
        return o;
    }

    private HarnessOptions withOut(Path file) {
        return new HarnessOptions(profile, repetitions, faults, configurations, capSeconds, labStarts,
                plannedFailovers, file);
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>(Arrays.asList(value.split(",")));
        items.removeIf(String::isBlank);
        return items;
    }

    /** {@code value} as a whole number of at least {@code min}, or an error naming {@code option}. */
    static int atLeast(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + "='" + value + "' is invalid; expected a whole number >= " + min);
    }
}
