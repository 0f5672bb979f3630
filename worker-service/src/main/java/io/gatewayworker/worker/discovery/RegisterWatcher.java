package io.gatewayworker.worker.discovery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.worker.config.WorkerConfig;
import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.tls.Channels;
import io.gatewayworker.support.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * Watches every configured register and merges what they say into one membership, which it hands
 * to a {@link MembershipListener} whenever it changes.
 * <p>
 * Merging: a gateway is in the view when a register that is currently watched lists it. A register
 * whose watch broke keeps its last view in force for the rejoin grace (so a gateway that one register
 * lists and the other has not seen yet survives a short outage), and when no register is watched at
 * all the last views of all of them stay in force: a register outage never drops gateways (traffic
 * between gateways and workers does not need the register). A register that comes back sends a FULL view, which replaces
 * its old one; after a restart, gateways it does not list yet get a grace period to re-join
 * ({@code worker.discovery.rejoin-grace}). A gateway leaves the view when every watched register
 * says it left.
 * <p>
 * All watches run on one Vert.x event loop (discovery is low-rate), so merging needs no locks; the
 * figures read by health and status are published in volatile fields.
 */
@ApplicationScoped
public class RegisterWatcher {

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClusterSecret secret;
    private final WorkerMetrics metrics;
    private final VertxInternal vertx;
    private final List<RegisterWatch> watches = new CopyOnWriteArrayList<>();
    private MembershipListener listener;
    private volatile Map<String, String> gateways = Map.of();
    private volatile boolean hasView;
    private volatile int watching;
    /** Whether any watch was live at the last change (discovery event loop only). */
    private boolean anyWasLive;

    public RegisterWatcher(WorkerConfig config, WorkerIdentity identity, ClusterSecret secret, WorkerMetrics metrics,
            Vertx vertx) {
        this.config = config;
        this.identity = identity;
        this.secret = secret;
        this.metrics = metrics;
        this.vertx = (VertxInternal) vertx;
        metrics.gauge("gw.worker.registers.watching", "Registers whose watch is open and delivered a view",
                () -> watching);
    }

    /** Starts watching every register; {@code listener} gets the merged view on each change. */
    public synchronized void start(MembershipListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already watching");
        }
        this.listener = listener;
        ContextInternal context = vertx.createEventLoopContext();
        Executor onContext = task -> context.runOnContext(v -> task.run());
        WatchRequest request = WatchRequest.newBuilder()
                .setWatcherId(identity.id()).setWatcherKind("worker").build();
        TlsSettings tls = TlsSettings.from(config.tls());
        for (String configured : config.registerAddresses()) {
            String address = configured.trim();
            if (address.isEmpty()) {
                continue; // "a,,b" or a trailing comma in GW_REGISTER_ADDRESSES
            }
            ManagedChannel channel = config.keepAlive().applyTo(Channels.forTarget(address, tls)
                    .intercept(secret.clientInterceptor())
                    .executor(onContext))
                    .build();
            Backoff backoff = new Backoff(config.reconnect().initialBackoff(), config.reconnect().maxBackoff());
            watches.add(new RegisterWatch(address, channel, context, backoff, request,
                    config.discovery().rejoinGrace(), this::changed, metrics));
        }
        watches.forEach(RegisterWatch::start);
    }

    /** Stops every watch; the last merged view stays readable. */
    public void stop() {
        watches.forEach(RegisterWatch::stop);
    }

    /** Whether at least one register ever delivered a view. */
    public boolean hasView() {
        return hasView;
    }

    /** Registers whose watch is open and delivered its FULL view. */
    public int watchingCount() {
        return watching;
    }

    /** Registers configured. */
    public int configuredCount() {
        return config.registerAddresses().size();
    }

    /** The merged view: gateway id -> internal address. */
    public Map<String, String> gateways() {
        return gateways;
    }

    /** Runs on the discovery event loop after any register's view changed. */
    private void changed() {
        List<RegisterView> views = watches.stream().map(RegisterWatch::view).toList();
        boolean anyLive = views.stream().anyMatch(RegisterView::live);
        if (anyLive && !anyWasLive) {
            // Back from a total outage: the first register to answer must not decide alone. Those
            // still unreachable keep their last views for the grace, as if their watch broke now.
            watches.stream().filter(watch -> !watch.view().live() && watch.view().hasView())
                    .forEach(RegisterWatch::holdForGrace);
        }
        anyWasLive = anyLive;
        Map<String, String> merged = RegisterView.merge(views);
        if (!merged.equals(gateways)) {
            gateways = merged;
            listener.membershipChanged(merged);
        }
        // Only now: readiness must not count a register as watched before the listener created the
        // streams of its view (it would report ready with streams still missing).
        watching = (int) views.stream().filter(RegisterView::live).count();
        hasView = hasView || views.stream().anyMatch(RegisterView::hasView);
    }
}
