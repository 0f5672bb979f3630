package io.gatewayworker.worker.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

/**
 * The handler threads: as many running as there are cores while handlers compute, more (up to
 * {@code maxThreads}) while handlers block.
 * <p>
 * Why not a {@link java.util.concurrent.ThreadPoolExecutor} of {@code maxThreads}: with more idle
 * threads than cores, every task finds one waiting on the queue and wakes it (a futex signal and a
 * context switch per event), and the threads then compete for the cores. On 2 cores, 32 threads ran
 * the echo load at about 55k events/s, 4 threads at about 91k. But handlers may block (that is the
 * API contract), and 4 threads blocked would stall every client.
 * <p>
 * So: a task wakes an idle thread only when no thread is already looking for work and fewer than
 * {@code runningTarget} threads run tasks; otherwise a thread that finishes its task takes it. A
 * monitor looks every millisecond while that many run: when tasks wait and fewer than
 * {@code runningTarget} of the busy threads are runnable (the others wait on a lock, a future, a
 * sleep) at {@link #WAITING_TICKS} looks in a row, or when no task finished for
 * {@link #STALLED_TICKS} looks (handlers blocked in I/O show as runnable), it wakes or starts one
 * more thread, up to {@code maxThreads}. Threads idle for the keep-alive end.
 */
final class HandlerPool extends AbstractExecutorService {

    private static final Logger LOG = Logger.getLogger(HandlerPool.class);
    private static final long MONITOR_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Ticks without a finished task, while tasks wait, after which the busy threads count as blocked
     * although runnable (in I/O): long enough that handlers computing for a millisecond or two do
     * not add threads, short enough to keep a client's wait short.
     */
    private static final int STALLED_TICKS = 5;
    /** Looks in a row with busy threads waiting (on a lock, a future, a sleep) while tasks wait, to add a thread. */
    private static final int WAITING_TICKS = 2;
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int maxThreads;
    private final int runningTarget;
    private final long keepAliveNanos;
    private final String namePrefix;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Threads that finished a task (or just started) and have not yet taken another or parked. */
    private final AtomicInteger searching = new AtomicInteger();
    /** Threads running a task. */
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicInteger names = new AtomicInteger();

    /** Guards the fields below. */
    private final Object lock = new Object();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> workers = new HashSet<>();
    private volatile boolean shutdown;
    private final Thread monitor;
    private volatile boolean monitorParked;

    /**
     * @param maxThreads threads at most (handlers blocked at once, plus those running)
     * @param runningTarget threads running tasks at once while none block (the cores)
     */
    HandlerPool(String namePrefix, int maxThreads, int runningTarget, long keepAlive, TimeUnit unit) {
        this.namePrefix = namePrefix;
        this.maxThreads = Math.max(1, maxThreads);
        this.runningTarget = Math.max(1, Math.min(runningTarget, this.maxThreads));
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.monitor = new Thread(this::monitor, namePrefix + "monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the handler pool is shut down");
        }
        tasks.add(task);
        // After the add: a searching thread that parks re-checks the queue after it stopped counting
        // as searching, so one of the two sees the other.
        if (searching.get() == 0 && busy.get() < runningTarget) {
            wakeOrStart();
        }
    }

    /** Wakes an idle thread, else starts one if below the maximum; false if neither. */
    private boolean wakeOrStart() {
        Worker start = null;
        synchronized (lock) {
            Worker sleeper = idle.pollFirst(); // the most recently idle: its caches are the warmest
            if (sleeper != null) {
                sleeper.woken = true;
                sleeper.idling = false;
                searching.incrementAndGet(); // now, not when it runs: the next task need not wake another
                LockSupport.unpark(sleeper.thread);
                return true;
            }
            if (workers.size() < maxThreads && (!shutdown || !tasks.isEmpty())) {
                start = new Worker();
                workers.add(start);
                searching.incrementAndGet();
            }
        }
        if (start == null) {
            return false;
        }
        start.thread.start();
        return true;
    }

    private final class Worker implements Runnable {

        final Thread thread;
        /** Set (under lock) when taken off the idle stack to run tasks again. */
        boolean woken;
        /** On the idle stack (under lock). */
        boolean idling;

        Worker() {
            thread = new Thread(this, namePrefix + names.incrementAndGet());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) { // searching
                    Runnable task = tasks.poll();
                    if (task != null) {
                        runTask(task);
                        continue;
                    }
                    if (!idle()) {
                        return;
                    }
                }
            } finally {
                synchronized (lock) {
                    workers.remove(this);
                    lock.notifyAll(); // awaitTermination
                }
            }
        }

        private void runTask(Runnable task) {
            if (busy.incrementAndGet() >= runningTarget && monitorParked) {
                LockSupport.unpark(monitor); // all running: from now on, blocked handlers are its business
            }
            if (searching.decrementAndGet() == 0 && !tasks.isEmpty() && busy.get() < runningTarget) {
                wakeOrStart(); // more work queued than this thread takes: the next searcher
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("handler task failed", e); // the dispatcher catches handler failures: not expected
            } finally {
                searching.incrementAndGet();
                busy.decrementAndGet();
                completed.incrementAndGet();
            }
        }

        /** Parks until woken (true), or until idle too long or the pool shut down (false: the thread ends). */
        private boolean idle() {
            synchronized (lock) {
                if (shutdown && tasks.isEmpty()) {
                    searching.decrementAndGet();
                    workers.remove(this);
                    return false;
                }
                woken = false;
                idling = true;
                idle.addFirst(this);
                searching.decrementAndGet();
            }
            long deadline = System.nanoTime() + keepAliveNanos;
            if (!tasks.isEmpty()) { // added while we stopped searching; its execute may have seen us searching
                return unidle();
            }
            while (true) {
                long left = deadline - System.nanoTime();
                synchronized (lock) {
                    if (woken) {
                        return true; // counted as searching by the waker
                    }
                    if (shutdown || left <= 0) {
                        idle.remove(this);
                        idling = false;
                        if (!tasks.isEmpty()) { // shutting down, or a task came as the keep-alive ran out
                            searching.incrementAndGet();
                            return true;
                        }
                        // Gone from the count now, under the lock: a task added from here on starts a
                        // thread in its place even when the pool is at its maximum.
                        workers.remove(this);
                        return false;
                    }
                }
                Thread.interrupted(); // only shutdownNow interrupts an idle thread, and it set shutdown
                LockSupport.parkNanos(this, left);
            }
        }

        /** Back to searching without having been woken. */
        private boolean unidle() {
            synchronized (lock) {
                if (!woken) { // else the waker counted it as searching already
                    idle.remove(this);
                    idling = false;
                    searching.incrementAndGet();
                }
                return true;
            }
        }
    }

    /** Adds a thread when tasks wait while the busy threads block (see the class comment). */
    private void monitor() {
        long lastSeen = -1;
        int stalledTicks = 0;
        int waitingTicks = 0;
        while (!(shutdown && isTerminated())) {
            long before = completed.get();
            // Quiet (nothing finished since the last look, threads to spare): park until a thread makes
            // busy reach the target, instead of ticking for nothing.
            boolean quiet = before == lastSeen && busy.get() < runningTarget;
            lastSeen = before;
            if (quiet) {
                monitorParked = true;
                if (busy.get() < runningTarget) {
                    LockSupport.parkNanos(this, IDLE_CHECK_NANOS);
                }
                monitorParked = false;
            } else {
                LockSupport.parkNanos(this, MONITOR_TICK_NANOS);
            }
            stalledTicks = completed.get() == before ? stalledTicks + 1 : 0;
            boolean queued = !tasks.isEmpty() && searching.get() == 0;
            // Waiting threads count after two looks in a row: a handler waiting a moment for a lock
            // (the stream's outbound queue, say) is not blocked, and waking a thread for it costs more.
            waitingTicks = queued && busy.get() >= runningTarget && runnableBusy() < runningTarget
                    ? waitingTicks + 1 : 0;
            if (queued && (busy.get() < runningTarget || stalledTicks >= STALLED_TICKS
                    || waitingTicks >= WAITING_TICKS)) {
                wakeOrStart();
                stalledTicks = 0;
                waitingTicks = 0;
            }
        }
    }

    /** Busy threads not waiting on a lock, a condition or a sleep (as far as the JVM can tell). */
    private int runnableBusy() {
        int runnable = 0;
        synchronized (lock) {
            for (Worker worker : workers) {
                if (!worker.idling && worker.thread.getState() == Thread.State.RUNNABLE) {
                    runnable++;
                }
            }
        }
        return runnable;
    }

    /** Threads running a task. */
    int active() {
        return busy.get();
    }

    /** Threads alive (running, searching or idle). */
    int threads() {
        synchronized (lock) {
            return workers.size();
        }
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
            for (Worker worker : idle) {
                LockSupport.unpark(worker.thread);
            }
            lock.notifyAll();
        }
        if (tasks.isEmpty()) {
            return;
        }
        // Queued tasks still run: make sure a thread is there for them.
        synchronized (lock) {
            if (workers.isEmpty()) {
                Worker last = new Worker();
                workers.add(last);
                searching.incrementAndGet();
                last.thread.start();
            }
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> left = new ArrayList<>();
        for (Runnable task; (task = tasks.poll()) != null;) {
            left.add(task);
        }
        synchronized (lock) {
            workers.forEach(worker -> worker.thread.interrupt());
        }
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && workers.isEmpty();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!(shutdown && workers.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }
}
