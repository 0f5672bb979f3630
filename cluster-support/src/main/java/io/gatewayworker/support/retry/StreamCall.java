package io.gatewayworker.support.retry;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * One call of a reconnecting link, as the observer of what the peer sends: however the call ends,
 * completed by the peer or failed, {@link #onEnd} gets it as one {@link Status} (OK for a completed
 * call), which is what a link needs to decide how to retry.
 *
 * @param <T> the messages the peer sends
 */
public abstract class StreamCall<T> implements StreamObserver<T> {

    @Override
    public final void onError(Throwable failure) {
        onEnd(Status.fromThrowable(failure));
    }

    @Override
    public final void onCompleted() {
        onEnd(Status.OK);
    }

    /** The call ended: {@link Status#OK} when the peer completed it, otherwise why it failed. */
    protected abstract void onEnd(Status status);

    /** A status for the log: its code and description, or {@code whenOk} for a call the peer completed. */
    public static String describe(Status status, String whenOk) {
        return status.isOk() ? whenOk
                : status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription());
    }
}
