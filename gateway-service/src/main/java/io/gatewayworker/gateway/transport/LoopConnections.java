package io.gatewayworker.gateway.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The connections of one event loop, as a list threaded through the connections themselves
 * (two fields each) rather than a set: a {@code HashSet} cost each connection a map node and its
 * slot in the table, ~40 B, for tens of thousands of idle clients. Not thread-safe: confined to the
 * event loop whose connections it holds (the heartbeat's sweep of that loop).
 * <p>
 * A connection belongs to at most one list: {@link #add} ignores one that is in a list already,
 * {@link #remove} one that is not in this list.
 */
public final class LoopConnections {

    private ClientConnectionBase head;
    private int size;

    /** Adds a connection, unless it is in a list already; true when added. */
    public boolean add(ClientConnectionBase connection) {
        if (connection.loopPrev != null || connection.loopNext != null || head == connection) {
            return false;
        }
        connection.loopNext = head;
        if (head != null) {
            head.loopPrev = connection;
        }
        head = connection;
        size++;
        return true;
    }

    /** Removes a connection of this list; true when it was in it. */
    public boolean remove(ClientConnectionBase connection) {
        ClientConnectionBase prev = connection.loopPrev;
        ClientConnectionBase next = connection.loopNext;
        if (prev == null) {
            if (head != connection) {
                return false; // not in this list (never added, or removed already)
            }
            head = next;
        } else {
            prev.loopNext = next;
        }
        if (next != null) {
            next.loopPrev = prev;
        }
        connection.loopPrev = null;
        connection.loopNext = null;
        size--;
        return true;
    }

    /** How many connections the list holds. */
    public int size() {
        return size;
    }

    /**
     * The connections now, as a list of their own: what is done to each may remove it (a close
     * reported at once), which must not disturb the walk.
     */
    public List<ClientConnectionBase> snapshot() {
        List<ClientConnectionBase> all = new ArrayList<>(size);
        for (ClientConnectionBase c = head; c != null; c = c.loopNext) {
            all.add(c);
        }
        return all;
    }
}
