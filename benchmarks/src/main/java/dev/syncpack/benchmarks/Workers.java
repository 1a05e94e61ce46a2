package dev.syncpack.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load on many threads for a fixed time: thread {@code t} of {@code n} works on the items
 * {@code t, t + n, t + 2n...} of {@code items}, round-robin, until the time is up.
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
     * @return how many items were done in {@code length}
     * @throws Exception the first failure of a task; the run stops at it
     */
    static long run(int threads, int items, Duration length, Task task) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            started.add(Thread.ofPlatform().name("bench-worker-" + t).start(() -> {
                long mine = 0;
                for (int item = first; System.nanoTime() < end && failure.get() == null; item += threads) {
                    if (item >= items) {
                        item = first;
                    }
                    try {
                        task.run(item);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                    mine++;
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
