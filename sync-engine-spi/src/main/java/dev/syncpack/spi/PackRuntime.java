package dev.syncpack.spi;

import dev.syncpack.spi.table.RowChange;
import java.time.InstantSource;
import java.util.List;

/**
 * What the engine offers a registered pack outside of mutations and schedules: publishing changes
 * it applied on its own (timers, expiry), and the engine clock.
 */
public interface PackRuntime {

    /**
     * Commits changes the pack already applied to its store as one batch with one version and fans
     * them out. Rows are checked against the tables' schemas; only the pack's own tables are accepted.
     *
     * @param changes the applied changes; an empty list does nothing
     * @return the version of the batch, or the current version when {@code changes} is empty
     * @throws dev.syncpack.spi.error.UnauthorizedException when a change is for a table the pack does not own
     */
    long publish(List<RowChange> changes);

    /** @return the engine clock */
    InstantSource clock();
}
