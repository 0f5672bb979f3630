package io.gatewayworker.support.retry;

/**
 * The retry side of one link that is opened again whenever its call ends: when the next attempt
 * starts ({@link Backoff}), and whether an end is news. The first end after a success is worth a
 * warning; the ends of attempts that keep failing are not (they would flood the log while a peer is
 * down). Not thread-safe: used under the link's own lock or event loop.
 */
public final class Reconnect {

    private final Backoff backoff;
    private boolean failing;

    public Reconnect(Backoff backoff) {
        this.backoff = backoff;
    }

    /** An attempt got through: the next delay is the initial one again, and the next end is news. */
    public void succeeded() {
        failing = false;
        backoff.reset();
    }

    /** The link's call ended and it will be opened again: when, and whether it was failing already. */
    public Retry failed() {
        Retry retry = new Retry(backoff.nextDelayMillis(), failing);
        failing = true;
        return retry;
    }

    /**
     * @param delayMillis how long to wait before the next attempt
     * @param repeated    the attempts were failing already (none got through since the last warning)
     */
    public record Retry(long delayMillis, boolean repeated) {
    }
}
