package io.gatewayworker.register.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gatewayworker.register.membership.Gateway;
import io.gatewayworker.register.membership.JoinRefused;
import io.gatewayworker.register.membership.LeaveReason;
import io.gatewayworker.register.membership.MembershipObserver;
import io.gatewayworker.register.membership.WatchEnd;
import io.gatewayworker.register.membership.Watcher;
import io.gatewayworker.register.metrics.RegisterMetrics;

/** Logs and counts every membership event: one line per join, refusal, leave and dropped watcher. */
@ApplicationScoped
public class MembershipEvents implements MembershipObserver {

    private static final Logger LOG = Logger.getLogger(MembershipEvents.class);

    private final RegisterMetrics metrics;

    public MembershipEvents(RegisterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void joined(Gateway gateway, int leaseSeconds) {
        metrics.joined();
        LOG.infof("gateway %s joined from %s (lease %ds)", gateway.id(), gateway.address(), leaseSeconds);
    }

    @Override
    public void refused(Gateway announced, JoinRefused refusal) {
        metrics.refused(refusal.reason());
        LOG.warnf("refused join of gateway '%s': %s", announced.id(), refusal.getMessage());
    }

    @Override
    public void left(Gateway gateway, LeaveReason reason) {
        metrics.left(reason);
        LOG.infof("gateway %s (%s) left: %s", gateway.id(), gateway.address(), reason.description());
    }

    @Override
    public void watcherDropped(Watcher watcher, WatchEnd reason) {
        metrics.watcherDropped(reason);
        if (reason == WatchEnd.OVERFLOW) {
            LOG.warnf("dropped %s watcher %s: it fell more than %d views behind; it will re-subscribe for a FULL view",
                    watcher.kind(), watcher.id(), watcher.capacity());
        }
    }
}
