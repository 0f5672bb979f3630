package io.gatewayworker.gateway.connection;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.gatewayworker.support.security.WarnThrottle;

/**
 * The log line for a client the gateway refused or closed for a limit or a breach (message too big,
 * invalid UTF-8, protocol error, slow consumer, heartbeat timeout, connection limit): which client,
 * from where, and why, with the close code. TCP carries no close reason, so for a TCP client this line
 * is where the reason is told. At most one line per second per reason, the next one saying how many
 * were left out, so a flood of bad clients cannot flood the log, nor hide the first client closed for
 * another reason; the metric {@code gw_gateway_connections_refused_total{reason}} counts every one.
 * Thread-safe.
 */
public final class LimitCloseLog {

    private static final Logger LOG = Logger.getLogger(LimitCloseLog.class);
    private static final Map<CloseReason, WarnThrottle> THROTTLES = new EnumMap<>(CloseReason.class);

    static {
        for (CloseReason reason : CloseReason.values()) {
            THROTTLES.put(reason, new WarnThrottle(Duration.ofSeconds(1), System::nanoTime));
        }
    }

    private LimitCloseLog() {
    }

    /** Logs (throttled) that the gateway refused or closed {@code connection} for {@code reason}. */
    public static void closed(Connection connection, CloseReason reason) {
        long leftOut = THROTTLES.get(reason).admit();
        if (leftOut != WarnThrottle.SUPPRESSED) {
            LOG.infof("%s client %s from %s closed: %s (%s %d)%s", connection.transport(), connection.clientId(),
                    connection.remoteAddress(), reason.reason(), reason.name(), reason.code(),
                    leftOut == 0 ? "" : " (" + leftOut + " more for this reason since the last such line)");
        }
    }
}
