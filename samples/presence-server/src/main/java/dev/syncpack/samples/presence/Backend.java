package dev.syncpack.samples.presence;

import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.cluster.ClusterBus;
import java.time.InstantSource;
import java.util.Optional;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.LoggerFactory;

/**
 * Where the server keeps presence and what fires its schedules: {@link InMemoryBackend} for one
 * process, {@link PostgresBackend} for processes that share a PostgreSQL database and form a
 * cluster. The server stops the scheduler before it closes the engine, and closes the backend after.
 */
sealed interface Backend extends AutoCloseable permits InMemoryBackend, PostgresBackend {

    /**
     * @param options a {@code jdbcUrl} chooses PostgreSQL, none the in-memory store
     * @param clock the in-memory store's clock (the PostgreSQL store reads the database's)
     * @return the opened backend; its scheduler is in standby
     * @throws IllegalStateException when the database cannot be reached or set up, or Quartz cannot
     *     be created; the message names the cause
     */
    static Backend open(ServerOptions options, InstantSource clock) {
        return options.jdbcUrl().<Backend>map(PostgresBackend::open).orElseGet(() -> InMemoryBackend.open(clock));
    }

    /** @return the presence pack's store */
    PresenceStore store();

    /** @return the bus that relays committed changes to and from the other nodes; empty for one process */
    Optional<ClusterBus> bus();

    /** @return the scheduler the engine's schedules fire on */
    Scheduler scheduler();

    /** @return where presence lives, for the log; never a password */
    String description();

    /** Shuts the scheduler down, waiting for a running job; does nothing when it is already shut down. */
    default void stopScheduler() {
        try {
            scheduler().shutdown(true);
        } catch (SchedulerException e) {
            LoggerFactory.getLogger(Backend.class).warn("Quartz did not shut down cleanly", e);
        }
    }

    /** Stops the scheduler unless done, then closes what the backend holds (bus, pool). Idempotent. */
    @Override
    void close();
}
