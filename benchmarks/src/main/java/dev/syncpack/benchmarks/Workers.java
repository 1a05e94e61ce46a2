package dev.syncpack.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load on many threads: every item once, spread over some platform threads ({@link #each}), or
 * every item over and over on a virtual thread of its own for a fixed time ({@link #loop}).
 */
final class Workers {

    /** The work for one item. */
    @FunctionalInterface
    interface Task {
        void run(int item) throws Exception;
    }

    private Workers() {
    }

    /**
     * Does every item once, spread over the threads.
     *
     * @throws Exception the first failure of a task
     */
    static void each(int threads, int items, Task task) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().name("bench-worker-" + t).start(() -> {
                for (long item = next.getAndIncrement(); item < items && failure.get() == null;
                     item = next.getAndIncrement()) {
                    try {
                        task.run((int) item);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * One virtual thread per item, each doing its own item over and over until the time is up, as
     * that many independent clients would: the load is as many callers in flight as there are items.
     * Each yields between two runs, as a real client waits for the network, so that a client
     * woken by a lock it shares with another gets it before the other comes back for it (without
     * that, a client that never pauses keeps a lock that several items share, and starves the rest).
     *
     * @return how many times an item was done in {@code length}
     * @throws Exception the first failure of a task; the run stops at it
     */
    static long loop(int items, Duration length, Task task) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            int item = i;
            started.add(Thread.ofVirtual().name("bench-client-" + i).start(() -> {
                long mine = 0;
                while (System.nanoTime() < end && failure.get() == null) {
                    try {
                        task.run(item);
                        mine++;
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                    Thread.yield();
                }
                done.addAndGet(mine);
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return done.get();
    }
}
