package io.gatewayworker.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.support.retry.Reconnect;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The gateways of the cluster as the registers report them: one {@code Register.Watch} per
 * configured register, re-opened with backoff when it ends, and the union of their views. Callers
 * wait for a first view ({@link #awaitView}); a register refusing the secret ends that wait at once.
 * Thread-safe: every field is guarded by {@code this}.
 */
final class Membership {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());

    private final List<Watch> watches = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final String watcherId;
    private boolean closed;
    /** Why the last watch failed, for the exception of a caller that got no view. */
    private Status lastFailure;

    Membership(Map<String, ManagedChannel> registers, String watcherId, ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.watcherId = watcherId;
        registers.forEach((address, channel) -> watches.add(new Watch(address, channel)));
    }

    void start() {
        watches.forEach(Watch::open);
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Gateway id → address, merged over the registers that gave a view. */
    synchronized Map<String, String> gateways() {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Watch watch : watches) {
            merged.putAll(watch.gateways);
        }
        return merged;
    }

    /**
     * The merged view once at least one register gave one.
     *
     * @throws GatewayClientException UNAUTHENTICATED as soon as every register refused the secret,
     *                                UNAVAILABLE when no view came within {@code timeout}
     */
    synchronized Map<String, String> awaitView(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (watches.stream().noneMatch(watch -> watch.hasView)) {
            if (closed) {
                throw new IllegalStateException("the GatewayClient is closed");
            }
            if (watches.stream().allMatch(watch -> watch.unauthenticated)) {
                throw new GatewayClientException(GatewayClientException.Reason.UNAUTHENTICATED,
                        "every register refused the cluster secret (UNAUTHENTICATED): check the secret given to "
                                + "GatewayClient.builder().secret(...) against the cluster's GW_SECRET_KEY");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new GatewayClientException(GatewayClientException.Reason.UNAVAILABLE,
                        "no register gave a view of the cluster within " + timeout.toMillis() + " ms"
                                + (lastFailure == null ? "" : " (last failure: " + describe(lastFailure) + ")"));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayClientException(GatewayClientException.Reason.UNAVAILABLE,
                        "interrupted while waiting for a view of the cluster", Map.of(), e);
            }
        }
        return gateways();
    }

    /** Waits until the view holds at least {@code count} gateways; false when it did not in time. */
    synchronized boolean awaitGateways(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitView(timeout);
        while (gateways().size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    /** One register's watch and its part of the view. */
    private final class Watch {
        private final String address;
        private final ManagedChannel channel;
        private final Reconnect reconnect = new Reconnect(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
        private final Map<String, String> gateways = new HashMap<>();
        private boolean hasView;
        private boolean unauthenticated;

        Watch(String address, ManagedChannel channel) {
            this.address = address;
            this.channel = channel;
        }

        void open() {
            synchronized (Membership.this) {
                if (closed) {
                    return;
                }
            }
            WatchRequest request = WatchRequest.newBuilder().setWatcherId(watcherId).setWatcherKind("client").build();
            RegisterGrpc.newStub(channel).watch(request, new StreamObserver<>() {
                @Override
                public void onNext(ClusterView view) {
                    apply(view);
                }

                @Override
                public void onError(Throwable error) {
                    ended(Status.fromThrowable(error));
                }

                @Override
                public void onCompleted() {
                    ended(Status.UNAVAILABLE.withDescription("the register ended the watch"));
                }
            });
        }

        private void apply(ClusterView view) {
            synchronized (Membership.this) {
                if (view.getKind() == ClusterView.Kind.FULL) {
                    gateways.clear();
                    hasView = true;
                    unauthenticated = false;
                    reconnect.succeeded();
                }
                for (GatewayInfo gateway : view.getGatewaysList()) {
                    switch (view.getKind()) {
                        case FULL, JOINED, UPDATED -> gateways.put(gateway.getGatewayId(), gateway.getAddress());
                        case LEFT -> gateways.remove(gateway.getGatewayId());
                        default -> {
                        }
                    }
                }
                Membership.this.notifyAll();
            }
        }

        private void ended(Status status) {
            Reconnect.Retry retry;
            synchronized (Membership.this) {
                // Without a watch this register's view goes stale: drop it rather than route on it.
                gateways.clear();
                hasView = false;
                unauthenticated = status.getCode() == Status.Code.UNAUTHENTICATED;
                lastFailure = status;
                Membership.this.notifyAll();
                if (closed) {
                    return;
                }
                retry = reconnect.failed();
            }
            if (!retry.repeated()) {
                LOG.log(Level.WARNING, "watch of register {0} ended ({1}); retrying", new Object[] {address, describe(status)});
            }
            try {
                scheduler.schedule(this::open, retry.delayMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // The client was closed meanwhile.
            }
        }
    }
}
