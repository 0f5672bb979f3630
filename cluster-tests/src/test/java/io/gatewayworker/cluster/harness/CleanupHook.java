package io.gatewayworker.cluster.harness;

/**
 * Stops what a test started even when the test JVM ends first (an interrupted run, a timeout): a
 * shutdown hook around the cleanup, removed when the test runs the cleanup itself.
 */
public final class CleanupHook {

    private final Thread hook;
    private final Runnable cleanup;

    private CleanupHook(String name, Runnable cleanup) {
        this.cleanup = cleanup;
        this.hook = new Thread(cleanup, name);
    }

    /** Registers {@code cleanup} to run at JVM shutdown unless {@link #runNow()} ran it before. */
    public static CleanupHook register(String name, Runnable cleanup) {
        CleanupHook hook = new CleanupHook(name, cleanup);
        Runtime.getRuntime().addShutdownHook(hook.hook);
        return hook;
    }

    /** Runs the cleanup now and drops the hook. */
    public void runNow() {
        cleanup.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }
}
