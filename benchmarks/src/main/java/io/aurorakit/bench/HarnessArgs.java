package io.aurorakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line of the measurement harnesses that take only {@code [--profile quick|full] [--out FILE]}
 * ({@link SamplerOverheadHarness}, {@link CallCostHarness}, {@link ConnectionBudgetHarness}), and where their result
 * goes: indented JSON in {@code out}, its directory created.
 *
 * @param profile the profile name (checked by the harness)
 * @param out     the JSON file to write
 */
record HarnessArgs(String profile, Path out) {

    /** Parses {@code args}; a bad option prints the harness's usage and exits with status 2. */
    static HarnessArgs parse(String harness, String defaultOut, String[] args) {
        String usage = "usage: " + harness + " [--profile quick|full] [--out FILE]";
        String profile = "quick";
        Path out = Path.of(defaultOut);
        if (args.length % 2 != 0) {
            System.err.println(harness + ": " + args[args.length - 1] + " needs a value\n" + usage);
            System.exit(2);
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--profile" -> profile = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                default -> {
                    System.err.println(harness + ": option '" + args[i] + "' is unknown\n" + usage);
                    System.exit(2);
                }
            }
        }
        return new HarnessArgs(profile, out);
    }

    /** Writes {@code result} as indented JSON to {@link #out}. */
    void write(Object result) throws IOException {
        write(result, out);
    }

    /** Writes {@code result} as indented JSON to {@code file}, creating its directory. */
    static void write(Object result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
    }
}
