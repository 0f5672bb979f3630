package io.gatewayworker.worker.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;

/**
 * What one register says the membership is: a FULL view replaces what was known, JOINED / UPDATED /
 * LEFT apply on top. The view outlives the watch that built it, so a register outage does not drop
 * gateways (see {@link RegisterWatcher} for how views are merged).
 * <p>
 * A register keeps no state: after a restart (a new {@code register_id}) its first FULL view may
 * miss gateways that have not re-joined yet. Those are kept <em>lingering</em> until they re-join,
 * leave, or the caller {@link #expire expires} them after a grace period. Not thread-safe: used on
 * the discovery event loop only.
 */
final class RegisterView {

    private Map<String, String> members = new LinkedHashMap<>();
    private final Map<String, String> lingering = new LinkedHashMap<>();
    private String registerId;
    private boolean live;
    /** The watch broke after delivering a view: that view still counts in the merge for a while. */
    private boolean held;
    private long holdGeneration;

    /** A new watch call started or the current one ended: changes are ignored until a FULL view. */
    void watchRestarted() {
        live = false;
    }

    /** Whether the current watch call delivered its FULL view (and is still open). */
    boolean live() {
        return live;
    }

    /**
     * A live watch broke: its last view keeps counting in {@link #merge} until {@link #release} with
     * the returned generation (after the grace period), or until a new FULL view.
     */
    long hold() {
        held = true;
        return ++holdGeneration;
    }

    /** The grace of a broken watch is over; returns whether that changed anything. */
    boolean release(long generation) {
        if (held && generation == holdGeneration) {
            held = false;
            return true;
        }
        return false;
    }

    /** Whether this view counts in the merge while other registers are watched. */
    boolean inForce() {
        return live || held;
    }

    /** Whether this register ever delivered a view. */
    boolean hasView() {
        return registerId != null;
    }

    String registerId() {
        return registerId;
    }

    /**
     * Applies one message of the watch stream.
     *
     * @return the gateways that started lingering (the caller expires them after the grace period)
     */
    List<String> apply(ClusterView view) {
        if (view.getKind() == ClusterView.Kind.FULL) {
            return replace(view);
        }
        if (!live || !view.getRegisterId().equals(registerId)) {
            return List.of(); // a change without the FULL view it applies to
        }
        switch (view.getKind()) {
            case JOINED, UPDATED -> view.getGatewaysList().forEach(this::put);
            case LEFT -> view.getGatewaysList().forEach(gateway -> {
                members.remove(gateway.getGatewayId());
                lingering.remove(gateway.getGatewayId());
            });
            default -> {
                // unknown kinds come from a newer register; nothing to apply
            }
        }
        return List.of();
    }

    /** The grace period of a lingering gateway is over; returns whether it was still lingering. */
    boolean expire(String gatewayId) {
        return lingering.remove(gatewayId) != null;
    }

    /** Members and lingering gateways: id -> address. */
    Map<String, String> gateways() {
        Map<String, String> all = new LinkedHashMap<>(lingering);
        all.putAll(members);
        return all;
    }

    private List<String> replace(ClusterView view) {
        Map<String, String> next = new LinkedHashMap<>();
        view.getGatewaysList().forEach(gateway -> next.put(gateway.getGatewayId(), gateway.getAddress()));
        List<String> started = new ArrayList<>();
        if (registerId != null && !registerId.equals(view.getRegisterId())) {
            // A restarted register: gateways it does not list yet may simply not have re-joined.
            members.forEach((id, address) -> {
                if (!next.containsKey(id) && lingering.putIfAbsent(id, address) == null) {
                    started.add(id);
                }
            });
        }
        lingering.keySet().removeAll(next.keySet());
        members = next;
        registerId = view.getRegisterId();
        live = true;
        held = false;
        return started;
    }

    private void put(GatewayInfo gateway) {
        members.put(gateway.getGatewayId(), gateway.getAddress());
        lingering.remove(gateway.getGatewayId());
    }

    /**
     * The merged membership: the union of the views of the registers currently watched (or whose
     * watch broke less than the grace period ago); when none is, the union of the last views of all
     * (a total register outage freezes the view rather than dropping every gateway).
     */
    static Map<String, String> merge(Collection<RegisterView> views) {
        // Decided on live watches only: were it decided on held views too, the end of one register's
        // grace during a total outage would drop the gateways only the other (still held) lists.
        boolean anyLive = views.stream().anyMatch(RegisterView::live);
        Map<String, String> merged = new LinkedHashMap<>();
        for (RegisterView view : views) {
            if (view.inForce() || !anyLive) {
                view.gateways().forEach(merged::putIfAbsent);
            }
        }
        return Map.copyOf(merged);
    }
}
