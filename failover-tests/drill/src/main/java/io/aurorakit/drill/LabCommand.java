package io.aurorakit.drill;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabTiming;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./drill lab}: starts an Aurora lab with Performance Insights on and keeps it running for other processes (an
 * application under test, the AWS CLI, psql) until Ctrl-C or SIGTERM, then stops it and removes its files. Prints what
 * they need ({@link LabSheet}).
 *
 * <pre>{@code
 * ./drill lab --readers 2 --timing aurora
 * }</pre>
 */
@Command(name = "lab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts an Aurora lab and keeps it running until Ctrl-C or SIGTERM (then it stops it and removes"
                + " its files). Prints its endpoints, credentials, hosts file, JVM flags, Toxiproxy API, each"
                + " instance's Performance Insights resource id and ready-to-paste export lines (DATABASE_URL_WRITER,"
                + " DATABASE_URL_READER, AWS_*)."})
final class LabCommand implements Callable<Integer> {

    @ParentCommand
    private DrillCommand parent;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--readers", paramLabel = "N", description = "Readers (default 2, 1 to 5).")
    private Integer readers;

    @Option(names = "--timing", paramLabel = "PROFILE",
            description = "aurora (default: Aurora's detection, promotion and DNS delays, hard fence) or fast.")
    private String timing;

    @Override
    public Integer call() throws InterruptedException {
        AuroraLab lab = start(parent.out());
        Runtime.getRuntime().addShutdownHook(new Thread(lab::close, "drill-lab-shutdown"));
        parent.out().println("\nRunning. Ctrl-C or SIGTERM stops the lab and removes its files.");
        new CountDownLatch(1).await(); // until the JVM is stopped: the shutdown hook closes the lab
        return DrillCommand.PASS;
    }

    /** Starts the lab the options describe and prints its sheet. */
    AuroraLab start(PrintStream out) {
        int n = readers == null ? 2 : readers;
        if (n < 1 || n > 5) {
            throw new ParameterException(spec.commandLine(), "--readers: expected 1 to 5, got " + n);
        }
        long begin = System.nanoTime();
        AuroraLab lab = AuroraLab.builder().readers(n).timing(timing()).performanceInsights(true).start();
        out.print(new LabSheet(lab).text((System.nanoTime() - begin) / 1_000_000));
        out.flush();
        return lab;
    }

    private LabTiming timing() {
        try {
            return DrillCommand.labTiming(timing);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
