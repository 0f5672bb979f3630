package io.gatewayworker.register.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.gatewayworker.register.membership.Gateway;
import io.gatewayworker.register.membership.Watcher;

/**
 * The body of GET /cluster: the whole cluster as this register sees it, for operators and
 * {@code bin/cluster status}. Gateways are the members with the load they last reported (their
 * workers as soon as one attaches or detaches, their connection count with every lease renewal);
 * workers are the inversion of those reports, plus the workers watching this register that no
 * gateway reports, so a worker attached to nothing still shows.
 *
 * @param registerId this register instance's id
 * @param ready      as /q/health/ready
 * @param gateways   the members, in join order
 * @param workers    every worker known, by id
 * @param clients    the other watchers (push clients, GatewayClient), in subscription order
 */
public record ClusterOverview(String registerId, boolean ready, List<RegisterStatus.GatewayEntry> gateways,
        List<WorkerEntry> workers, List<WatcherEntry> clients) {

    /** The kind of watcher that workers announce (WatchRequest.watcher_kind). */
    static final String WORKER_KIND = "worker";

    /**
     * One worker.
     *
     * @param gateways ids of the gateways that report a stream from it, in join order
     * @param watching whether it watches this register (one watching only other registers shows through
     *                 the gateways' reports alone)
     */
    public record WorkerEntry(String id, List<String> gateways, boolean watching) {
    }

    /**
     * One watcher that is not a worker.
     *
     * @param since when its watch started, ISO-8601 UTC
     */
    public record WatcherEntry(String id, String since) {
    }

    /** The overview of these members and watchers. */
    public static ClusterOverview of(String registerId, boolean ready, List<Gateway> members, List<Watcher> watchers) {
        Set<String> watchingWorkers = watchers.stream().filter(watcher -> WORKER_KIND.equals(watcher.kind()))
                .map(Watcher::id).collect(Collectors.toSet());
        Map<String, List<String>> held = new TreeMap<>();
        for (Gateway gateway : members) {
            for (String worker : new LinkedHashSet<>(gateway.load().workers())) {
                held.computeIfAbsent(worker, id -> new ArrayList<>()).add(gateway.id());
            }
        }
        watchingWorkers.forEach(worker -> held.putIfAbsent(worker, List.of()));
        return new ClusterOverview(registerId, ready,
                members.stream().map(RegisterStatus.GatewayEntry::of).toList(),
                held.entrySet().stream().map(entry -> new WorkerEntry(entry.getKey(), List.copyOf(entry.getValue()),
                        watchingWorkers.contains(entry.getKey()))).toList(),
                watchers.stream().filter(watcher -> !WORKER_KIND.equals(watcher.kind()))
                        .map(watcher -> new WatcherEntry(watcher.id(),
                                Instant.ofEpochMilli(watcher.sinceMs()).toString()))
                        .toList());
    }

    /** The same as plain-text tables, for a terminal: one line per gateway, then one per worker. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("register %s (%s): %d gateways, %d workers, %d other"
                + " watchers%n", registerId, ready ? "ready" : "NOT ready", gateways.size(), workers.size(),
                clients.size()));
        appendTable(out, List.of("GATEWAY", "ADDRESS", "CONNECTIONS", "WORKERS"), gateways.stream()
                .map(gateway -> List.of(gateway.id(), gateway.address(), Long.toString(gateway.connections()),
                        names(gateway.workers())))
                .toList());
        appendTable(out, List.of("WORKER", "WATCHING", "GATEWAYS"), workers.stream()
                .map(worker -> List.of(worker.id(), worker.watching() ? "yes" : "no", names(worker.gateways())))
                .toList());
        return out.toString();
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "-" : String.join(" ", names);
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    private static void appendTable(StringBuilder out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (List<String> row : concat(header, rows)) {
            for (int column = 0; column < row.size() - 1; column++) {
                out.append(String.format("%-" + widths[column] + "s  ", row.get(column)));
            }
            out.append(row.get(row.size() - 1)).append('\n');
        }
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
