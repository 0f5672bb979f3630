package io.gatewayworker.worker.dispatch;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;

/**
 * Serial lanes over a shared pool: tasks with the same key run one after another in the order they
 * were submitted; tasks with different keys run in parallel on the pool's threads. A lane exists only
 * while it has work (so a closed client, or one the gateway moved to another worker, leaves nothing
 * behind) and runs at most {@code tasksPerTurn} tasks per turn on the pool, so a busy client cannot
 * starve the others; a lane whose next task is already queued runs it in the same turn, which saves a
 * hand-off through the pool's queue (and waking another thread) per event under load.
 */
final class ClientLanes {

    private static final Logger LOG = Logger.getLogger(ClientLanes.class);

    private final Executor pool;
    private final int tasksPerTurn;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Lanes that run one task per turn. */
    ClientLanes(Executor pool) {
        this(pool, 1);
    }

    ClientLanes(Executor pool, int tasksPerTurn) {
        this.pool = pool;
        this.tasksPerTurn = Math.max(1, tasksPerTurn);
    }

    /**
     * Queues a task on the lane of {@code key}, to run on the pool.
     *
     * @throws RejectedExecutionException when the pool takes no more work (shutting down)
     */
    void submit(String key, Runnable task) {
        submit(key, task, false);
    }

    /**
     * Queues a task on the lane of {@code key}. With {@code here}, a task whose lane is idle runs on
     * the calling thread before this returns (a non-blocking handler on the event loop that received
     * its event: no hand-off to another thread and back); whatever the lane queued meanwhile goes on
     * to the pool. A task whose lane is busy always waits its turn there.
     *
     * @throws RejectedExecutionException when the pool takes no more work (shutting down)
     */
    void submit(String key, Runnable task, boolean here) {
        boolean[] schedule = new boolean[1];
        Lane lane = lanes.compute(key, (k, existing) -> {
            Lane target = existing != null ? existing : new Lane(k);
            target.tasks.add(task);
            if (!target.scheduled) {
                target.scheduled = true;
                schedule[0] = true;
            }
            return target;
        });
        if (schedule[0] && here) {
            lane.turn(1);
        } else if (schedule[0]) {
            try {
                pool.execute(lane);
            } catch (RejectedExecutionException e) {
                lanes.remove(key, lane);
                throw e;
            }
        }
    }

    /** Lanes with work queued or running. */
    int size() {
        return lanes.size();
    }

    private final class Lane implements Runnable {

        final String key;
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** Whether the lane is on the pool (queued or running); changed only inside lanes.compute. */
        boolean scheduled;

        Lane(String key) {
            this.key = key;
        }

        /** Back of the pool's queue: other clients get their turn. */
        private void resubmit() {
            try {
                pool.execute(this);
            } catch (RejectedExecutionException e) {
                // The pool was shut down (worker stopping): the gateway re-delivers what was not acked.
                lanes.remove(key, this);
                int dropped = tasks.size();
                LOG.warnf("worker stopping: %d queued event(s) of client %s left for re-delivery", dropped, key);
            }
        }

        @Override
        public void run() {
            turn(tasksPerTurn);
        }

        /** Runs up to {@code limit} queued tasks, then leaves the rest to the pool. */
        void turn(int limit) {
            for (int ran = 1; ; ran++) {
                boolean completed = false;
                boolean more;
                try {
                    tasks.remove().run();
                    completed = true;
                } finally {
                    more = hasMore();
                    if (more && (!completed || ran == limit)) {
                        resubmit(); // a task that threw ends the turn; so does the turn's last task
                    }
                }
                if (!more || ran == limit) {
                    return;
                }
            }
        }

        /** Whether tasks are left; if not, the lane is removed (under lanes.compute, against submit). */
        private boolean hasMore() {
            boolean[] more = new boolean[1];
            lanes.compute(key, (k, lane) -> {
                if (tasks.isEmpty()) {
                    scheduled = false;
                    return null;
                }
                more[0] = true;
                return lane;
            });
            return more[0];
        }
    }
}
