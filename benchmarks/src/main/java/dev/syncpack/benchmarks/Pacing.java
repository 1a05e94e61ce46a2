package dev.syncpack.benchmarks;

import java.util.concurrent.locks.LockSupport;

/** Fixed-schedule drivers: waiting for a change's intended start. */
final class Pacing {

    private Pacing() {
    }

    /**
     * Returns once {@link System#nanoTime()} has reached {@code intended}. Parks until then, again
     * after every early return: a park may return early (a permit left by an earlier unpark of this
     * thread, e.g. by a library this thread called), and a change sent before its intended start
     * would be measured as faster than it was.
     *
     * @param intended the {@link System#nanoTime()} to wait for
     */
    static void awaitNanoTime(long intended) {
        for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
