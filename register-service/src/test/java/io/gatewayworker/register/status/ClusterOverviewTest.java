package io.gatewayworker.register.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewayworker.register.membership.Gateway;
import io.gatewayworker.register.membership.Load;
import io.gatewayworker.register.membership.Watcher;

class ClusterOverviewTest {

    private static Gateway gateway(String id, long connections, String... workers) {
        return new Gateway(id, "10.0.0." + id.length() + ":2900", Map.of(), 0, new Load(connections, List.of(workers)));
    }

    /** The overview never writes to a watcher: no outlet needed. */
    private static Watcher watcher(String id, String kind) {
        return new Watcher(id, kind, 0, 1, null);
    }

    private final ClusterOverview overview = ClusterOverview.of("reg-1", true,
            List.of(gateway("g-a", 3, "w-2", "w-1", "w-2"), gateway("g-bb", 0, "w-2")),
            List.of(watcher("w-1", "worker"), watcher("w-idle", "worker"), watcher("push-1", "client")));

    @Test
    void workersAreTheGatewaysReportsInvertedPlusTheWorkersWatchingThisRegister() {
        assertEquals(List.of(
                new ClusterOverview.WorkerEntry("w-1", List.of("g-a"), true),
                new ClusterOverview.WorkerEntry("w-2", List.of("g-a", "g-bb"), false),
                new ClusterOverview.WorkerEntry("w-idle", List.of(), true)), overview.workers());
        assertEquals(List.of("g-a", "g-bb"), overview.gateways().stream().map(RegisterStatus.GatewayEntry::id).toList());
        assertEquals(3, overview.gateways().get(0).connections());
        assertEquals(List.of(new ClusterOverview.WatcherEntry("push-1", "1970-01-01T00:00:00Z")), overview.clients());
    }

    @Test
    void theTextFormIsOneAlignedLinePerGatewayAndPerWorker() {
        assertEquals("""
                register reg-1 (ready): 2 gateways, 3 workers, 1 other watchers
                GATEWAY  ADDRESS        CONNECTIONS  WORKERS
                g-a      10.0.0.3:2900  3            w-2 w-1 w-2
                g-bb     10.0.0.4:2900  0            w-2
                WORKER  WATCHING  GATEWAYS
                w-1     yes       g-a
                w-2     no        g-a g-bb
                w-idle  yes       -
                """, overview.table());
    }
}
