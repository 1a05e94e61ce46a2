package dev.syncpack.presence.jooq;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.spi.error.InternalException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Group commit for {@link JooqPresenceStore#compute}: concurrent calls are combined into batches
 * that the callers run themselves, so there is no thread to start or stop and no timer.
 *
 * <p>A caller queues its request, then, while the request is not done: when fewer than
 * {@code maxBatches} batches are running it takes up to {@code maxBatchSize} requests from the head
 * of the queue and runs them as one batch (its own among them unless the queue is longer), else it
 * parks. A lone call is therefore a batch of one, run at once. Whoever ends a batch, or takes one
 * while another slot is free, wakes the owner of the queue's head, which takes the next batch if a
 * slot is free, so no request is stranded and free slots fill up.
 *
 * <p>A request whose key is in a running batch, or already in the batch being taken, stays queued
 * in its place: the requests of one key run one after another in the order they were queued.
 */
final class ComputeQueue {

    private final int maxBatches;
    private final int maxBatchSize;
    private final Consumer<List<ComputeRequest>> runner;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ComputeRequest> queue = new ArrayDeque<>();
    private final Set<SessionKey> running = new HashSet<>();
    private int batches;

    /**
     * @param maxBatches the most batches running at once, at least 1
     * @param maxBatchSize the most requests in one batch, at least 1
     * @param runner runs one batch of requests with distinct keys and completes every one of them;
     *     what it leaves undone is failed with what it threw
     */
    ComputeQueue(int maxBatches, int maxBatchSize, Consumer<List<ComputeRequest>> runner) {
        this.maxBatches = maxBatches;
        this.maxBatchSize = maxBatchSize;
        this.runner = runner;
    }

    /**
     * Queues a compute and returns once a batch has carried it out, running batches meanwhile
     * whenever a slot is free. An interrupt does not abandon the request (it may already be
     * running); the interrupt status is kept for the caller.
     *
     * @return the transition carried out
     * @throws RuntimeException what the request failed with
     */
    Transition submit(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        ComputeRequest request = new ComputeRequest(key, rule, Thread.currentThread());
        lock.lock();
        try {
            queue.addLast(request);
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (!request.isDone()) {
            List<ComputeRequest> batch = take();
            if (batch.isEmpty()) {
                // take() may have parked on the lock and used up the unpark that answered the request
                if (!request.isDone()) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            } else {
                run(batch);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return request.outcome();
    }

    /** @return how many requests wait for a batch, for tests */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next batch, counted as running; when a slot is still free and requests still
     * wait, wakes the owner of the new head to take the one after.
     *
     * @return the batch, or empty when no slot is free or nothing can run yet
     */
    private List<ComputeRequest> take() {
        List<ComputeRequest> batch = new ArrayList<>();
        ComputeRequest next;
        lock.lock();
        try {
            if (batches >= maxBatches || queue.isEmpty()) {
                return List.of();
            }
            List<ComputeRequest> busy = new ArrayList<>();
            while (batch.size() + busy.size() < maxBatchSize && !queue.isEmpty()) {
                ComputeRequest request = queue.pollFirst();
                (running.add(request.key) ? batch : busy).add(request);
            }
            for (int i = busy.size() - 1; i >= 0; i--) {
                queue.addFirst(busy.get(i));
            }
            if (!batch.isEmpty()) {
                batches++;
            }
            next = batch.isEmpty() || batches >= maxBatches ? null : queue.peekFirst();
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.owner);
        }
        return batch;
    }

    private void run(List<ComputeRequest> batch) {
        Throwable failure = null;
        try {
            runner.accept(batch);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ComputeRequest request : batch) {
            if (!request.isDone()) {
                request.fail(failure != null ? failure
                        : new InternalException("a compute batch ended without completing a request for " + request.key));
            }
        }
        ComputeRequest head;
        lock.lock();
        try {
            batches--;
            batch.forEach(request -> running.remove(request.key));
            head = queue.peekFirst();
        } finally {
            lock.unlock();
        }
        if (head != null) {
            LockSupport.unpark(head.owner);
        }
    }
}
