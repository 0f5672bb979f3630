package io.gatewayworker.gateway.routing;

/**
 * How the router slows a client down: it pauses reading the client's socket while the client's
 * events cannot be queued, and resumes it once acknowledgements freed room. Calls for one client come
 * in order, under the client's {@link ClientRoute} monitor; the last one says what the client should be
 * doing. Implementations must not block and must not call back into the router.
 */
public interface ReadThrottle {

    /** Throttles nothing: for routes with no socket behind them (tests). */
    ReadThrottle NONE = of(() -> {
    }, () -> {
    });

    /** Stop reading the client; what it sent meanwhile waits in the socket. */
    void pauseReading();

    /** Read the client again. */
    void resumeReading();

    static ReadThrottle of(Runnable pause, Runnable resume) {
        return new ReadThrottle() {
            @Override
            public void pauseReading() {
                pause.run();
            }

            @Override
            public void resumeReading() {
                resume.run();
            }
        };
    }
}
