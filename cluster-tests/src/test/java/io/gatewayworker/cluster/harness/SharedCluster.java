package io.gatewayworker.cluster.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link LocalCluster} — a register, two gateways, two workers — for every test class of the run
 * that declares a {@link LocalCluster} parameter (usually of its {@code @BeforeAll}): five JVMs on two
 * cores are the expensive part of these tests, so they start once. The cluster stops when the run
 * ends (JUnit closes the root store), or in the JVM's shutdown hook if the run is cut short.
 *
 * <p>When a test fails, the tail of every service's log goes to stderr next to the failure.
 * Test classes that change the topology (start or stop services) run last: see
 * {@code junit-platform.properties} and the classes' {@code @Order}.
 */
public final class SharedCluster implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);
    private static final int LOG_LINES = 40;

    /** The started cluster, or why it could not start (so a second class does not try again for minutes). */
    private record Started(LocalCluster cluster, RuntimeException failure) implements AutoCloseable {

        static Started start() {
            try {
                return new Started(LocalCluster.start("shared", 2, 2), null);
            } catch (RuntimeException e) {
                return new Started(null, e);
            }
        }

        LocalCluster get() {
            if (failure != null) {
                throw new IllegalStateException("the shared cluster did not start: " + failure.getMessage(), failure);
            }
            return cluster;
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return started(context).get();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Started started = context.getRoot().getStore(NAMESPACE).get(Started.class, Started.class);
        if (started != null && started.cluster() != null) {
            System.err.println(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                    + " " + context.getDisplayName() + " failed; the services' logs end with:\n"
                    + started.cluster().logTails(LOG_LINES));
        }
    }

    private static Started started(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> Started.start(), Started.class);
    }
}
