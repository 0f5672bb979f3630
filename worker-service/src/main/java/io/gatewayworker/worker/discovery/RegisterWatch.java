package io.gatewayworker.worker.discovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vertx.core.impl.ContextInternal;

/**
 * This worker's Watch stream to one register, opened again with backoff whenever it ends (so a
 * register restart is survived: its new FULL view replaces the old one). Everything here runs on
 * the discovery event loop, which the register channel uses as its executor, so the state needs no
 * locks.
 */
final class RegisterWatch {

    private static final Logger LOG = Logger.getLogger(RegisterWatch.class);

    private final String address;
    private final ManagedChannel channel;
    private final ContextInternal context;
    private final Backoff backoff;
    private final WatchRequest request;
    private final Duration rejoinGrace;
    private final Runnable changed;
    private final WorkerMetrics metrics;
    private final RegisterView view = new RegisterView();
    /** Grace timers of lingering gateways, by gateway id (a newer grace replaces an older one). */
    private final Map<String, Long> graceTimers = new HashMap<>();
    private Call current;
    private boolean failing;
    private volatile boolean stopped;

    RegisterWatch(String address, ManagedChannel channel, ContextInternal context, Backoff backoff,
            WatchRequest request, Duration rejoinGrace, Runnable changed, WorkerMetrics metrics) {
        this.address = address;
        this.channel = channel;
        this.context = context;
        this.backoff = backoff;
        this.request = request;
        this.rejoinGrace = rejoinGrace;
        this.changed = changed;
        this.metrics = metrics;
    }

    /** This register's view; read on the discovery event loop only. */
    RegisterView view() {
        return view;
    }

    void start() {
        context.runOnContext(v -> open());
    }

    /** Ends the watch for good; the channel's calls fail, and nothing reconnects. */
    void stop() {
        stopped = true;
        channel.shutdownNow();
    }

    private void open() {
        if (stopped) {
            return;
        }
        channel.resetConnectBackoff(); // our backoff decides when to retry, not the channel's (up to 2 min)
        Call call = new Call();
        current = call;
        view.watchRestarted();
        RegisterGrpc.newStub(channel).watch(request, call);
    }

    private void received(Call call, ClusterView message) {
        if (call != current) {
            return;
        }
        boolean wasLive = view.live();
        String previousRegister = view.registerId();
        for (String gatewayId : view.apply(message)) {
            LOG.infof("register %s restarted without gateway %s yet; keeping it for %s", address, gatewayId,
                    rejoinGrace);
            long timerId = context.setTimer(Math.max(1, rejoinGrace.toMillis()), timer -> {
                graceTimers.remove(gatewayId, timer);
                if (view.expire(gatewayId)) {
                    LOG.infof("gateway %s did not re-join register %s in time; dropping it", gatewayId, address);
                    changed.run();
                }
            });
            // A gateway lingering again (a second restart) must get its full grace, not the rest of the first.
            Long previous = graceTimers.put(gatewayId, timerId);
            if (previous != null) {
                context.owner().cancelTimer(previous);
            }
        }
        if (view.live() && !wasLive) {
            backoff.reset();
            failing = false;
            LOG.infof("watching register %s at %s (%s, %d gateways)", view.registerId(), address,
                    view.registerId().equals(previousRegister) ? "same instance" : "new instance",
                    message.getGatewaysCount());
        }
        changed.run();
    }

    private void ended(Call call, Status status) {
        if (call != current) {
            return;
        }
        current = null;
        boolean wasLive = view.live();
        view.watchRestarted();
        if (wasLive) {
            // Keep this register's view in force for a while: another register may not list all of
            // its gateways yet, and a short outage must not drop them with their clients.
            holdForGrace();
        }
        changed.run();
        if (stopped) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        if (status.getCode() == Status.Code.UNAUTHENTICATED && !failing) {
            LOG.errorf("register %s refused this worker's cluster secret: worker.secret-key (GW_SECRET_KEY)"
                    + " differs from the register's; retrying", address);
        } else if (wasLive || !failing) {
            LOG.warnf("register %s: %s; keeping its last view and watching again (next attempt in %d ms)",
                    address, describe(status), delay);
        } else {
            LOG.debugf("register %s: %s; next attempt in %d ms", address, describe(status), delay);
        }
        failing = true;
        metrics.registerReconnect();
        context.setTimer(delay, timer -> open());
    }

    /**
     * On the discovery event loop, while this watch is not live: its last view stays in force for the
     * rejoin grace (then {@code changed} runs), unless a FULL view arrives first.
     */
    void holdForGrace() {
        long generation = view.hold();
        context.setTimer(Math.max(1, rejoinGrace.toMillis()), timer -> {
            if (view.release(generation)) {
                changed.run();
            }
        });
    }

    private static String describe(Status status) {
        return status.isOk() ? "watch closed by the register"
                : status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription());
    }

    /** One Watch call. */
    private final class Call implements StreamObserver<ClusterView> {

        @Override
        public void onNext(ClusterView message) {
            received(this, message);
        }

        @Override
        public void onError(Throwable failure) {
            ended(this, Status.fromThrowable(failure));
        }

        @Override
        public void onCompleted() {
            ended(this, Status.OK);
        }
    }
}
