package io.aurorakit.lab;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link AuroraLab} per test class, started before the first test, injected into test
 * constructors, lifecycle methods and test methods that declare an {@code AuroraLab} parameter, and always closed after
 * the last test (also when tests fail; the lab is stored in the class's extension store, which closes AutoCloseable values, and
 * its own shutdown hook and watchdog cover a dying JVM).
 *
 * <p>Register it on a static field to configure the lab:
 * <pre>{@code
 * class FailoverTest {
 *     @RegisterExtension
 *     static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);
 *     // or: AuroraLabExtension.configure(b -> b.readers(1).timing(LabTiming.AURORA))
 *
 *     @Test
 *     void failsOver(AuroraLab lab) {
 *         assertThat(lab.failover().newWriterId()).isNotEqualTo("instance-1");
 *     }
 * }
 * }</pre>
 * or use the defaults (2 readers, {@link LabTiming#AURORA_MIN}: Aurora's hard fence, detection and promotion delays,
 * stale cluster name, at their lower bounds) with {@code @ExtendWith(AuroraLabExtension.class)}. A test that needs
 * {@link LabTiming#FAST} says so: {@code configure(b -> b.timing(LabTiming.FAST))}. {@link #lab()} gives the
 * running lab to code that has the extension field but no parameter.
 */
public final class AuroraLabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AuroraLabExtension.class);
    private static final String KEY = "lab";

    private final UnaryOperator<AuroraLab.Builder> configuration;
    private volatile AuroraLab lab;

    /** Default lab: 2 readers, {@link LabTiming#AURORA_MIN} (for {@code @ExtendWith}). */
    public AuroraLabExtension() {
        this(UnaryOperator.identity());
    }

    private AuroraLabExtension(UnaryOperator<AuroraLab.Builder> configuration) {
        this.configuration = b -> configuration.apply(b.timing(LabTiming.AURORA_MIN));
    }

    /** A lab with the given number of readers, otherwise defaults ({@link LabTiming#AURORA_MIN}). */
    public static AuroraLabExtension withReaders(int readers) {
        return new AuroraLabExtension(b -> b.readers(readers));
    }

    /**
     * A lab configured by the given function of the builder, e.g. {@code b -> b.readers(1).clusterName("orders")};
     * the timing is {@link LabTiming#AURORA_MIN} unless the function sets another.
     */
    public static AuroraLabExtension configure(UnaryOperator<AuroraLab.Builder> configuration) {
        if (configuration == null) {
            throw new IllegalArgumentException("AuroraLabExtension configuration = null is invalid; expected a "
                    + "function of AuroraLab.Builder, e.g. b -> b.readers(1)");
        }
        return new AuroraLabExtension(configuration);
    }

    /** The running lab; throws outside the test class's lifetime. */
    public AuroraLab lab() {
        AuroraLab current = lab;
        if (current == null) {
            throw new IllegalStateException("the AuroraLab is not running: it exists from beforeAll to afterAll of "
                    + "the test class that registers this extension");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        AuroraLab started = configuration.apply(AuroraLab.builder()).start();
        context.getStore(NAMESPACE).put(KEY, started); // an AutoCloseable: the store closes it if afterAll does not
        lab = started;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        AuroraLab started = context.getStore(NAMESPACE).remove(KEY, AuroraLab.class);
        lab = null;
        if (started != null) {
            started.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AuroraLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        AuroraLab started = extensionContext.getStore(NAMESPACE).get(KEY, AuroraLab.class);
        if (started == null) {
            throw new ParameterResolutionException("no AuroraLab is running for " + extensionContext.getDisplayName()
                    + "; register AuroraLabExtension on the test class (static field or @ExtendWith)");
        }
        return started;
    }
}
