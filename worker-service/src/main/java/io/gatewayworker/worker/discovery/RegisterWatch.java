package io.gatewayworker.worker.discovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.support.retry.Reconnect;
import io.gatewayworker.support.retry.StreamCall;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.Status;
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
    private final Reconnect reconnect;
    private final WatchRequest request;
    private final Duration rejoinGrace;
    private final Runnable changed;
    private final WorkerMetrics metrics;
    private final RegisterView view = new RegisterView();
    /** Grace timers of lingering gateways, by gateway id (a newer grace replaces an older one). */
    private final Map<String, Long> graceTimers = new HashMap<>();
    private Call current;
    private volatile boolean stopped;

    RegisterWatch(String address, ManagedChannel channel, ContextInternal context, Backoff backoff,
            WatchRequest request, Duration rejoinGrace, Runnable changed, WorkerMetrics metrics) {
        this.address = address;
        this.channel = channel;
        this.context = context;
        this.reconnect = new Reconnect(backoff);
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
            reconnect.succeeded();
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
        Reconnect.Retry retry = reconnect.failed();
        if (status.getCode() == Status.Code.UNAUTHENTICATED && !retry.repeated()) {
            LOG.errorf("register %s refused this worker's cluster secret: worker.secret-key (GW_SECRET_KEY)"
                    + " differs from the register's; retrying", address);
        } else if (wasLive || !retry.repeated()) {
            LOG.warnf("register %s: %s; keeping its last view and watching again (next attempt in %d ms)",
                    address, describe(status), retry.delayMillis());
        } else {
            LOG.debugf("register %s: %s; next attempt in %d ms", address, describe(status), retry.delayMillis());
        }
        metrics.registerReconnect();
        context.setTimer(retry.delayMillis(), timer -> open());
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
        return StreamCall.describe(status, "watch closed by the register");
    }

    /** One Watch call. */
    private final class Call extends StreamCall<ClusterView> {

        @Override
        public void onNext(ClusterView message) {
            received(this, message);
        }

        @Override
        protected void onEnd(Status status) {
            ended(this, status);
        }
    }
}
