package io.aurorakit.bench;

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
record HarnessOptions(String profile, int repetitions, List<FaultKind> faults,
                      List<ClientConfiguration> configurations, int capSeconds, int labStarts, int plannedFailovers,
                      Path out) {

    static final String USAGE = "usage: FailoverTimingHarness [--profile quick|full|smoke] [--reps N]"
            + " [--faults crash,planned,blackhole] [--configs aurora-kit-default,aurora-kit-fast-failover,"
            + "wrapper-failover-v1,no-wrapper] [--cap-seconds S] [--lab-starts N] [--planned-failovers N]"
            + " [--out FILE]";

    static HarnessOptions profile(String name) {
        List<ClientConfiguration> all = List.of(ClientConfiguration.values());
        return switch (name) {
            case "quick" -> new HarnessOptions(name, 1, List.of(FaultKind.CRASH), all, 25, 1, 3,
                    Path.of("harness.json"));
            case "full" -> new HarnessOptions(name, 3, List.of(FaultKind.values()), all, 40, 3, 5,
                    Path.of("harness.json"));
            case "smoke" -> new HarnessOptions(name, 1, List.of(FaultKind.CRASH),
                    List.of(ClientConfiguration.AURORA_KIT_FAST_FAILOVER), 20, 0, 1, Path.of("harness.json"));
            default -> throw new IllegalArgumentException("--profile '" + name + "' is unknown; expected quick, full"
                    + " or smoke");
        };
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
                case "--reps" -> new HarnessOptions(o.profile, positive(option, value, 0), o.faults,
                        o.configurations, o.capSeconds, o.labStarts, o.plannedFailovers, o.out);
                case "--faults" -> new HarnessOptions(o.profile, o.repetitions,
                        list(value).stream().map(FaultKind::byId).toList(), o.configurations, o.capSeconds,
                        o.labStarts, o.plannedFailovers, o.out);
                case "--configs" -> new HarnessOptions(o.profile, o.repetitions, o.faults,
                        list(value).stream().map(ClientConfiguration::byId).toList(), o.capSeconds, o.labStarts,
                        o.plannedFailovers, o.out);
                case "--cap-seconds" -> new HarnessOptions(o.profile, o.repetitions, o.faults, o.configurations,
                        positive(option, value, 5), o.labStarts, o.plannedFailovers, o.out);
                case "--lab-starts" -> new HarnessOptions(o.profile, o.repetitions, o.faults, o.configurations,
                        o.capSeconds, positive(option, value, 0), o.plannedFailovers, o.out);
                case "--planned-failovers" -> new HarnessOptions(o.profile, o.repetitions, o.faults,
                        o.configurations, o.capSeconds, o.labStarts, positive(option, value, 0), o.out);
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

    private static int positive(String option, String value, int min) {
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
