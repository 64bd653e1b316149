package io.aurorakit.bench;

import io.aurorakit.config.Preset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of {@link ServerlessHarness}. {@code --profile} picks the defaults; later options override
 * them. Immutable once parsed.
 *
 * @param profile            quick, full or smoke
 * @param idlePresets        presets whose idle connections are sampled (each on its own lab, in parallel); empty
 *                           skips that part
 * @param idleWindowSeconds  how long each is sampled after its last use
 * @param idleOverrides      properties set on the idle-phase data sources (none in quick/full: the presets as they are)
 * @param resumeReps         first-query-after-resume runs of {@code serverless-v2} (0 skips them)
 * @param provisionedResume  whether {@code provisioned} also gets first-query-after-resume runs: one as it is, one
 *                           with {@code sslmode=require}
 * @param autoPause          the labs' {@code autoPause} (Aurora's {@code SecondsUntilAutoPause}; at least 300 s there)
 * @param resumeTime         the labs' resume time (Aurora: about 15 s, the lab's default)
 * @param out                JSON output file
 * @param append             add to {@code out} instead of overwriting it ({@link ServerlessHarness#merge})
 */
record ServerlessOptions(String profile, List<Preset> idlePresets, int idleWindowSeconds,
                         Map<String, String> idleOverrides, int resumeReps, boolean provisionedResume,
                         Duration autoPause, Duration resumeTime, Path out, boolean append) {

    static final String USAGE = "usage: ServerlessHarness [--profile quick|full|smoke]"
            + " [--idle-presets serverless-v2,provisioned,fast-failover|none] [--window-seconds S] [--reps N]"
            + " [--provisioned-resume true|false] [--auto-pause-seconds S] [--resume-seconds S] [--out FILE]"
            + " [--append true|false]";

    /**
     * What the resume runs set so that the instance pauses within seconds instead of minutes: they shorten the wait
     * for the pause, not the resume path. HikariCP's housekeeping runs every {@link ServerlessHarness#HOUSEKEEPING_MS}
     * ms in those runs too ({@link ServerlessHarness#HOUSEKEEPING_PROPERTY}).
     */
    static final Map<String, String> FAST_IDLE = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(
            Map.of("idleTimeout", "10s", "monitorIdleTimeout", "1s")));

    ServerlessOptions {
        idlePresets = List.copyOf(idlePresets);
        idleOverrides = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(idleOverrides));
    }

    static ServerlessOptions profile(String name) {
        Duration pause = Duration.ofSeconds(5);
        Duration resume = Duration.ofSeconds(15);
        Path out = Path.of("serverless.json");
        return switch (name) {
            case "quick" -> new ServerlessOptions(name, List.of(), 160, Map.of(), 2, true, pause, resume, out,
                    false);
            case "full" -> new ServerlessOptions(name, List.of(Preset.SERVERLESS_V2, Preset.PROVISIONED,
                    Preset.FAST_FAILOVER), 160, Map.of(), 5, true, pause, resume, out, false);
            case "smoke" -> new ServerlessOptions(name, List.of(Preset.SERVERLESS_V2), 30, FAST_IDLE, 1, false,
                    Duration.ofSeconds(2), Duration.ofSeconds(3), out, false);
            default -> throw new IllegalArgumentException("--profile '" + name + "' is unknown; expected quick, full"
                    + " or smoke");
        };
    }

    /** The overrides of a resume run of {@code preset}: {@link #FAST_IDLE}, and minimumIdle 0 where it is not. */
    static Map<String, String> resumeOverrides(Preset preset) {
        Map<String, String> m = new java.util.TreeMap<>(FAST_IDLE);
        if (!"0".equals(preset.valueFor(io.aurorakit.config.AuroraProperty.MINIMUM_IDLE))) {
            m.put("minimumIdle", "0");
        }
        return m;
    }

    static ServerlessOptions parse(String... args) {
        ServerlessOptions o = profile("quick");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            o = switch (option) {
                case "--profile" -> profile(value).withOut(o.out).withAppend(o.append);
                case "--idle-presets" -> new ServerlessOptions(o.profile, presets(value), o.idleWindowSeconds,
                        o.idleOverrides, o.resumeReps, o.provisionedResume, o.autoPause, o.resumeTime, o.out,
                        o.append);
                case "--window-seconds" -> new ServerlessOptions(o.profile, o.idlePresets,
                        HarnessOptions.atLeast(option, value, 5), o.idleOverrides, o.resumeReps, o.provisionedResume, o.autoPause,
                        o.resumeTime, o.out, o.append);
                case "--reps" -> new ServerlessOptions(o.profile, o.idlePresets, o.idleWindowSeconds,
                        o.idleOverrides, HarnessOptions.atLeast(option, value, 0), o.provisionedResume, o.autoPause, o.resumeTime,
                        o.out, o.append);
                case "--provisioned-resume" -> new ServerlessOptions(o.profile, o.idlePresets, o.idleWindowSeconds,
                        o.idleOverrides, o.resumeReps, bool(option, value), o.autoPause, o.resumeTime, o.out,
                        o.append);
                case "--auto-pause-seconds" -> new ServerlessOptions(o.profile, o.idlePresets, o.idleWindowSeconds,
                        o.idleOverrides, o.resumeReps, o.provisionedResume,
                        Duration.ofSeconds(HarnessOptions.atLeast(option, value, 1)), o.resumeTime, o.out, o.append);
                case "--resume-seconds" -> new ServerlessOptions(o.profile, o.idlePresets, o.idleWindowSeconds,
                        o.idleOverrides, o.resumeReps, o.provisionedResume, o.autoPause,
                        Duration.ofSeconds(HarnessOptions.atLeast(option, value, 0)), o.out, o.append);
                case "--out" -> o.withOut(Path.of(value));
                case "--append" -> new ServerlessOptions(o.profile, o.idlePresets, o.idleWindowSeconds,
                        o.idleOverrides, o.resumeReps, o.provisionedResume, o.autoPause, o.resumeTime, o.out,
                        bool(option, value));
                default -> throw new IllegalArgumentException("option '" + option + "' is unknown");
            };
        }
        return o;
    }

    private ServerlessOptions withOut(Path file) {
        return new ServerlessOptions(profile, idlePresets, idleWindowSeconds, idleOverrides, resumeReps,
                provisionedResume, autoPause, resumeTime, file, append);
    }

    private ServerlessOptions withAppend(boolean value) {
        return new ServerlessOptions(profile, idlePresets, idleWindowSeconds, idleOverrides, resumeReps,
                provisionedResume, autoPause, resumeTime, out, value);
    }

    private static List<Preset> presets(String value) {
        List<Preset> presets = new ArrayList<>();
        for (String name : value.split(",")) {
            if (name.isBlank() || name.trim().equals("none")) {
                continue;
            }
            try {
                presets.add(Preset.fromUrlName(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--idle-presets: " + e.getMessage() + ", or none");
            }
        }
        return presets;
    }

    private static boolean bool(String option, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(option + "='" + value + "' is invalid; expected true or"
                    + " false");
        };
    }

    @Override
    public String toString() {
        return "ServerlessOptions[" + profile + ", idle " + Arrays.toString(idlePresets.stream()
                .map(Preset::urlName).toArray()) + " for " + idleWindowSeconds + " s, resume reps " + resumeReps
                + ", provisioned " + provisionedResume + ", autoPause " + autoPause + ", resume " + resumeTime + "]";
    }
}
