package io.bitscale.model.neural.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool of threads that runs the units of one parallel region at a time: the caller
 * and {@code threads - 1} helpers take units from a shared counter until none is left, and the
 * call returns when every unit has finished.
 *
 * <pre>{@code
 * float[] sums = new float[64];
 * try (Workers workers = new Workers(2)) {
 *     // 8 units of 8 rows; worker (0 or 1) would pick per-thread scratch
 *     workers.run(8, (unit, worker) -> {
 *         for (int i = 8 * unit; i < 8 * unit + 8; i++) {
 *             sums[i] = i;
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p><b>Determinism.</b> Which thread runs a unit is left to chance, so a unit must compute
 * complete results (whole output elements, never part of a sum that another unit finishes); then
 * the result does not depend on the number of threads or on scheduling. The kernels of this
 * package split work only that way. {@code worker} is in {@code [0, threads())} and no two units
 * run at the same time with the same {@code worker}: it indexes per-thread scratch space.
 *
 * <p><b>Cost.</b> A region costs about a microsecond of hand-off while the helpers are awake;
 * between regions they spin for {@link #SPIN_NANOS} and then park, so a pool that is not used
 * costs nothing. A region started while the pool is busy (another thread's region, or a unit
 * that starts a region of its own) runs all its units on the calling thread, which gives the same
 * results.
 */
public final class Workers implements AutoCloseable {

    /** The body of a parallel region. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs one unit.
         *
         * @param unit   the unit, {@code [0, units)}
         * @param worker the thread's index, {@code [0, threads())}, for per-thread scratch
         */
        void run(int unit, int worker);
    }

    /** The body of a parallel loop over a range, called with consecutive sub-ranges. */
    @FunctionalInterface
    public interface RangeTask {
        /**
         * Runs items {@code [from, to)}.
         *
         * @param worker the thread's index, {@code [0, threads())}, for per-thread scratch
         */
        void run(int from, int to, int worker);
    }

    /** How long an idle helper spins for the next region before it parks. */
    public static final long SPIN_NANOS = 200_000;

    private static volatile Workers shared;

    private final int threads;
    private final Helper[] helpers;
    private final AtomicInteger busy = new AtomicInteger();
    private volatile Job job;
    private volatile boolean closed;

    /** A helper thread and whether it is parked (then a new region must unpark it). */
    private static final class Helper {
        Thread thread;
        volatile boolean parked;
    }

    /** One region: its body, its unit counter and how many units are unfinished. */
    private static final class Job {
        final Task task;
        final int units;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        volatile Throwable failure;

        Job(Task task, int units) {
            this.task = task;
            this.units = units;
            this.unfinished = new AtomicInteger(units);
        }

        void work(int worker) {
            int unit;
            while ((unit = next.getAndIncrement()) < units) {
                try {
                    task.run(unit, worker);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    unfinished.decrementAndGet();
                }
            }
        }
    }

    /**
     * A pool of {@code threads} threads in all: the caller of {@link #run} and
     * {@code threads - 1} daemon helpers.
     *
     * @param threads 1..256
     */
    public Workers(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads " + threads + " outside 1..256");
        }
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            Helper helper = new Helper();
            int worker = h + 1;
            helper.thread = new Thread(() -> helperLoop(helper, worker), "bitscale-neural-" + worker);
            helper.thread.setDaemon(true);
            helpers[h] = helper;
        }
        for (Helper helper : helpers) {
            helper.thread.start();
        }
    }

    /**
     * The process-wide pool the neural models use: {@code -Dbitscale.threads=N} threads, else one
     * per available processor (at most 8).
     */
    public static Workers shared() {
        Workers pool = shared;
        if (pool == null) {
            synchronized (Workers.class) {
                pool = shared;
                if (pool == null) {
                    int threads = Integer.getInteger("bitscale.threads",
                            Math.min(8, Runtime.getRuntime().availableProcessors()));
                    pool = new Workers(Math.max(1, Math.min(256, threads)));
                    shared = pool;
                }
            }
        }
        return pool;
    }

    /**
     * Replaces the process-wide pool by one of {@code threads} threads (the old one is closed
     * once idle). Results never depend on it; only speed does.
     */
    public static synchronized void setSharedThreads(int threads) {
        Workers old = shared;
        if (old != null && old.threads == threads) {
            return;
        }
        shared = new Workers(threads);
        if (old != null) {
            old.close();
        }
    }

    /** Threads of this pool, the caller's included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} for every unit in {@code [0, units)} and returns when all have finished.
     * If a unit throws, the other units still run and the first exception is rethrown here.
     */
    public void run(int units, Task task) {
        if (units <= 0) {
            return;
        }
        if (units == 1 || threads == 1 || closed || !busy.compareAndSet(0, 1)) {
            for (int unit = 0; unit < units; unit++) {
                task.run(unit, 0);
            }
            return;
        }
        Job current = new Job(task, units);
        try {
            job = current;
            for (Helper helper : helpers) {
                if (helper.parked) {
                    LockSupport.unpark(helper.thread);
                }
            }
            current.work(0);
            for (int spins = 0; current.unfinished.get() > 0; spins++) {
                // A helper holds a unit; on a loaded machine it may have lost its core.
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            job = null;
            busy.set(0);
        }
        Throwable failure = current.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Runs {@code task} over {@code [0, count)} in consecutive sub-ranges of at least {@code grain}
     * items (a few per thread), or on the calling thread when the range is small. Each item must
     * be computed independently of how the range is cut.
     */
    public void runRange(int count, int grain, RangeTask task) {
        if (count <= 0) {
            return;
        }
        int units = Math.min(4 * threads, Math.max(1, count / Math.max(1, grain)));
        if (units <= 1) {
            task.run(0, count, 0);
            return;
        }
        int per = (count + units - 1) / units;
        run((count + per - 1) / per, (unit, worker) -> task.run(unit * per, Math.min(count, unit * per + per), worker));
    }

    private void helperLoop(Helper self, int worker) {
        Job last = null;
        long idleSince = System.nanoTime();
        while (!closed) {
            Job current = job;
            if (current != null && current != last) {
                last = current;
                current.work(worker);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                // Announce the park, then look once more: a region published in between either
                // sees the flag (and unparks) or is seen here.
                self.parked = true;
                Job again = job;
                if (again == null || again == last) {
                    LockSupport.parkNanos(this, 100_000_000L);
                }
                self.parked = false;
                idleSince = System.nanoTime();
            }
        }
    }

    /** Stops the helpers once they are idle. The pool then runs every region on the caller. */
    @Override
    public void close() {
        closed = true;
        for (Helper helper : helpers) {
            LockSupport.unpark(helper.thread);
        }
    }
}
