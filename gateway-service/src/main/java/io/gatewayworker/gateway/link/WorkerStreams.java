package io.gatewayworker.gateway.link;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The open worker streams, so that the gateway can tell every worker it is shutting down
 * (gateway.proto's gateway-to-worker Drain); a worker that attaches later is told right after its hello.
 */
@ApplicationScoped
public class WorkerStreams {

    private static final Logger LOG = Logger.getLogger(WorkerStreams.class);

    private final Set<WorkerStream> open = ConcurrentHashMap.newKeySet();
    private volatile String drainReason;

    /** Tells every worker this gateway is draining: it takes no new clients and will close its clients. */
    public void announceDrain(String reason) {
        drainReason = reason;
        LOG.infof("telling %d worker streams that this gateway drains (%s)", open.size(), reason);
        open.forEach(stream -> stream.gatewayDraining(reason));
    }

    /** Why this gateway drains, or null while it does not. */
    String drainReason() {
        return drainReason;
    }

    void opened(WorkerStream stream) {
        open.add(stream);
    }

    void ended(WorkerStream stream) {
        open.remove(stream);
    }
}
