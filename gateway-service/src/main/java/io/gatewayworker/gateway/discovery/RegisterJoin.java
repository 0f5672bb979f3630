package io.gatewayworker.gateway.discovery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.GatewayLoad;
import io.gatewayworker.proto.register.JoinAccepted;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.JoinRequest;
import io.gatewayworker.proto.register.LeaseRenewal;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.support.retry.Reconnect;
import io.gatewayworker.support.retry.StreamCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.vertx.core.Vertx;

/**
 * This gateway's membership at one register: a Join stream that announces the gateway, renews the
 * lease every third of what the register granted (reporting load), and is opened again with
 * backoff whenever it ends, so membership comes back by itself after a register restart.
 * <p>
 * Load goes with every renewal, with one right after the register accepted the join, and with one
 * soon after {@link #loadChanged} (the worker set changed), so the register's cluster view shows
 * which workers a gateway holds without waiting for the next renewal. Changes within
 * {@value #CHANGE_DELAY_MS} ms travel in one renewal.
 * <p>
 * Thread-safe: gRPC callbacks and Vert.x timers meet under this object's monitor.
 */
final class RegisterJoin {

    private static final Logger LOG = Logger.getLogger(RegisterJoin.class);
    static final long CHANGE_DELAY_MS = 100;

    private final String address;
    private final ManagedChannel channel;
    private final Vertx vertx;
    private final Reconnect reconnect;
    private final Supplier<Announce> announce;
    private final Supplier<GatewayLoad> load;

    /** The current Join call; null between attempts. */
    private Call current;
    private long renewTimer = -1;
    private volatile boolean joined;
    /** Whether a register ever accepted this gateway (a later outage does not undo it). */
    private volatile boolean everJoined;
    private boolean stopped;
    private final AtomicBoolean changeReportPending = new AtomicBoolean();

    RegisterJoin(String address, ManagedChannel channel, Vertx vertx, Backoff backoff, Supplier<Announce> announce,
            Supplier<GatewayLoad> load) {
        this.address = address;
        this.channel = channel;
        this.vertx = vertx;
        this.reconnect = new Reconnect(backoff);
        this.announce = announce;
        this.load = load;
    }

    boolean joined() {
        return joined;
    }

    boolean everJoined() {
        return everJoined;
    }

    synchronized void start() {
        if (stopped) {
            return;
        }
        channel.resetConnectBackoff(); // our backoff decides when to retry, not the channel's (up to 2 min)
        Call call = new Call();
        current = call;
        call.requests = (ClientCallStreamObserver<JoinRequest>) RegisterGrpc.newStub(channel).join(call);
        call.requests.onNext(JoinRequest.newBuilder().setAnnounce(announce.get()).build());
    }

    /**
     * Leaves the register in order: half-closes the Join stream, so that the register drops this
     * gateway at once (rather than when its lease expires), and lets the channel end with the call.
     * Nothing re-joins afterwards.
     */
    synchronized void leave() {
        stopped = true;
        joined = false;
        cancelRenewals();
        if (current != null) {
            current.requests.onCompleted();
            current = null;
        }
        channel.shutdown();
    }

    /** Waits up to {@code millis} for the channel to end after {@link #leave}; false if it did not. */
    boolean awaitLeft(long millis) throws InterruptedException {
        return channel.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        stopped = true;
        joined = false;
        cancelRenewals();
        if (current != null) {
            current.requests.cancel("gateway stopping", null);
            current = null;
        }
        channel.shutdownNow();
    }

    private synchronized void accepted(Call call, JoinAccepted accepted) {
        if (call != current) {
            return;
        }
        joined = true;
        everJoined = true;
        reconnect.succeeded();
        long period = Math.max(1000L, accepted.getLeaseSeconds() * 1000L / 3);
        cancelRenewals();
        renewTimer = vertx.setPeriodic(period, id -> renew(call));
        renew(call); // the register learns the load now, not a third of a lease later
        LOG.infof("joined register %s at %s (lease %ds)", accepted.getRegisterId(), address,
                accepted.getLeaseSeconds());
    }

    /**
     * The load changed in a way the register's view should show soon:
     * reports it within {@value #CHANGE_DELAY_MS} ms.
     */
    void loadChanged() {
        if (changeReportPending.compareAndSet(false, true)) {
            vertx.setTimer(CHANGE_DELAY_MS, id -> {
                changeReportPending.set(false);
                renewCurrent();
            });
        }
    }

    private synchronized void renewCurrent() {
        if (joined && current != null) {
            renew(current);
        }
    }

    private synchronized void renew(Call call) {
        if (call == current) {
            call.requests.onNext(JoinRequest.newBuilder()
                    .setRenew(LeaseRenewal.newBuilder().setLoad(load.get())).build());
        }
    }

    private synchronized void ended(Call call, Status status) {
        if (call != current) {
            return;
        }
        current = null;
        cancelRenewals();
        if (status.isOk() && call.requests != null) {
            call.requests.onCompleted(); // the register closed its side: close ours too
        }
        if (stopped) {
            return;
        }
        Reconnect.Retry retry = reconnect.failed();
        if (joined || !retry.repeated()) {
            LOG.warnf("register %s: %s; re-joining with backoff (next attempt in %d ms)", address,
                    describe(status), retry.delayMillis());
        } else {
            LOG.debugf("register %s: %s; next attempt in %d ms", address, describe(status), retry.delayMillis());
        }
        joined = false;
        vertx.setTimer(retry.delayMillis(), id -> start());
    }

    private void cancelRenewals() {
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
            renewTimer = -1;
        }
    }

    private static String describe(Status status) {
        return StreamCall.describe(status, "stream closed by the register");
    }

    /** One Join call: our request side, and the register's replies. */
    private final class Call extends StreamCall<JoinReply> {

        /** Guarded by the RegisterJoin monitor. */
        ClientCallStreamObserver<JoinRequest> requests;

        @Override
        public void onNext(JoinReply reply) {
            if (reply.hasAccepted()) {
                accepted(this, reply.getAccepted());
            }
        }

        @Override
        protected void onEnd(Status status) {
            ended(this, status);
        }
    }
}
