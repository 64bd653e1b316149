package io.aurorakit.drill;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where {@code --json} and {@code --plot} write, checked before the drill starts so that a typo does not cost a whole
 * run. Relative paths are relative to the caller's directory ({@code ./drill} moves to the repository root, so it
 * passes the directory it was started from in {@value #CALLER_DIR_VARIABLE}); a plot always ends in {@code .png}
 * ({@code --plot x} writes {@code x.png}). Every problem is an {@link IllegalArgumentException} naming the option.
 */
final class ReportFiles {

    /** The environment variable {@code ./drill} sets to the directory it was started from. */
    static final String CALLER_DIR_VARIABLE = "AURORA_KIT_DRILL_CALLER_DIR";

    private ReportFiles() {
    }

    /** The caller's directory: {@value #CALLER_DIR_VARIABLE} if set, else the JVM's working directory. */
    static Path callerDirectory(String fromEnvironment) {
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? System.getProperty("user.dir")
                : fromEnvironment).toAbsolutePath();
    }

    /**
     * The files {@code --json} and {@code --plot} write, each null when not asked for.
     *
     * @param json the JSON report
     * @param plot the PNG
     */
    record Targets(Path json, Path plot) {
    }

    /** Both report files, checked, and not the same file; relative to {@value #CALLER_DIR_VARIABLE} or the JVM's. */
    static Targets targets(String json, String plot, String callerDirVariable) {
        Path callerDir = callerDirectory(callerDirVariable);
        Path jsonFile = json(json, callerDir);
        Path plotFile = plot(plot, callerDir);
        if (jsonFile != null && jsonFile.equals(plotFile)) {
            throw new IllegalArgumentException("--json and --plot name the same file " + jsonFile);
        }
        return new Targets(jsonFile, plotFile);
    }

    /** The file {@code --json value} writes: absolute, checked. Null stays null. */
    static Path json(String value, Path callerDir) {
        return value == null ? null : checked("--json", resolve("--json", value, callerDir));
    }

    /** The file {@code --plot value} writes: absolute, with {@code .png} appended unless present, checked. */
    static Path plot(String value, Path callerDir) {
        if (value == null) {
            return null;
        }
        String name = value.toLowerCase(Locale.ROOT).endsWith(".png") ? value : value + ".png";
        return checked("--plot", resolve("--plot", name, callerDir));
    }

    private static Path resolve(String option, String value, Path callerDir) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + ": expected a file name, got an empty one");
        }
        try {
            return callerDir.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + ": not a valid file name: '" + value + "'");
        }
    }

    private static Path checked(String option, Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(option + ": " + file + " is not a file");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + ": " + file + " is a directory; expected a file name");
        }
        if (!Files.exists(parent)) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": directory " + parent
                    + " does not exist");
        }
        if (!Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": " + parent + " is not a directory");
        }
        if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": permission denied");
        }
        return file;
    }
}
