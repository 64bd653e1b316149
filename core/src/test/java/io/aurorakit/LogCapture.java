package io.aurorakit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Captures what is logged while it is open: slf4j-simple output (written to {@code System.err}) and
 * java.util.logging records (the AWS wrapper logs through JUL), formatted with their parameters and stack traces.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StringBuilder jul = new StringBuilder();
    private final java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    private final Level originalLevel = root.getLevel();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (jul) {
                jul.append(formatter.format(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        root.setLevel(Level.FINE);
        root.addHandler(handler);
    }

    /** Everything captured so far. */
    String text() {
        System.err.flush();
        synchronized (jul) {
            return err.toString(StandardCharsets.UTF_8) + jul;
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(originalLevel);
        System.setErr(originalErr);
    }
}
