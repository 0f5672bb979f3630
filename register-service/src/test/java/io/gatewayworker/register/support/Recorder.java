package io.gatewayworker.register.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** Records what a call receives and how it ended; waits with deadlines, never sleeps. */
public final class Recorder<T> implements StreamObserver<T> {

    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<T> items = new CopyOnWriteArrayList<>();
    private volatile Status end;

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable failure) {
        end = Status.fromThrowable(failure);
    }

    @Override
    public void onCompleted() {
        end = Status.OK;
    }

    public List<T> items() {
        return items;
    }

    /** How the call ended; null while it is open. */
    public Status end() {
        return end;
    }

    /** Waits for the first item matching {@code wanted} and returns it. */
    public T awaitItem(Predicate<T> wanted) {
        return Awaitility.await().atMost(DEADLINE)
                .until(() -> items.stream().filter(wanted).findFirst().orElse(null), item -> item != null);
    }

    /** Waits for the call to end and returns its status. */
    public Status awaitEnd() {
        Awaitility.await().atMost(DEADLINE).until(() -> end != null);
        return end;
    }
}
