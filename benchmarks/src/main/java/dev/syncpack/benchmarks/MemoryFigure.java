package dev.syncpack.benchmarks;

/** Figure 4: {@link SessionMemory} with 1 000 000 sessions, in the figure's own fresh JVM. */
final class MemoryFigure implements FigureBenchmark {

    static final double GOAL_BYTES = 300;

    @Override
    public Outcome run(Settings settings) throws InterruptedException {
        SessionMemory.Result result = SessionMemory.measure(SessionMemory.SESSIONS);
        boolean met = result.bytesPerSession() <= GOAL_BYTES;
        String note = "Workload: " + SessionMemory.SESSIONS + " sessions (" + SessionMemory.SESSIONS_PER_ACTOR
                + " per actor, " + SessionMemory.CHANNELS + " channels), each stored as a first heartbeat with an empty "
                + "state. Heap after GC (`MemoryMXBean`, least of 4 `System.gc()` rounds) minus the empty JVM's "
                + String.format(java.util.Locale.ROOT, "%.1f MiB", result.baselineBytes() / 1048576.0)
                + ", divided by the sessions. Of the " + Math.round(result.bytesPerSession()) + " bytes, "
                + Math.round(result.keyBytesPerSession()) + " are the session's key and its own id strings "
                + "(`SessionKey` with its own `conn-N` and `user-N` strings, as a connection brings them), which any store must hold; the rest is "
                + "the `Session` (its four times are numbers inside it, not `Instant` objects of their own) and the "
                + "store's entries (its map per channel and its actor index; there is no expiry index). Earlier work took "
                + "it from 606 bytes to 298: the empty state was a new map per session, and the store kept a global map, "
                + "a channel index, an actor set per actor and an expiry skip list. Holding the times as numbers took "
                + "off 32 bytes more (two shared `Instant` objects of 24 bytes, against four numbers in place of four "
                + "references).\n\nBeside the figure, the whole node: the same sessions joined through "
                + "`engine.runMutation(\"presence:heartbeat\")` of a reference engine with the presence pack and an "
                + "in-memory store, one heartbeat from each caller, grew the heap by "
                + Math.round(result.nodeBytesPerSession()) + " bytes per session beyond the callers' contexts and "
                + "their id strings (which a connection holds anyway). Besides the store's share, that is the "
                + "`SessionKey` the pack makes from the caller and the pack's entry for each session on its node "
                + "(its expiry watch, the connection keeping it alive and the session as last decided, which "
                + "answers coalesced renewals). A class histogram of such a node (2026-12-03) put about 141 bytes "
                + "of each session in its pending expiry check (a `ScheduledThreadPoolExecutor` task with its "
                + "wrappers: one per session, re-armed once per TTL rather than per heartbeat), 88 in the pack's "
                + "entry and its map node (8 more since the entry keeps the session's key, b252183) and 56 in the "
                + "connection's list of the sessions it keeps alive (a set per connection had cost 234 before that "
                + "list, 463 bytes a session in all against 641).";
        return Outcome.of(Figures.MEMORY.result(met, Math.round(result.bytesPerSession()) + " bytes/session",
                String.format(java.util.Locale.ROOT, "%.1f MiB (empty JVM)", result.baselineBytes() / 1048576.0),
                "—", note));
    }
}
