package dev.syncpack.spi;

import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires an engine's schedules on their crons (e.g. Quartz). Attached with
 * {@link SyncEngine#attachScheduleTrigger(ScheduleTrigger)}, it is told of every schedule,
 * including those of packs registered later, and of every schedule removed.
 */
public interface ScheduleTrigger {

    /**
     * @param schedule a schedule now registered; the trigger starts firing it
     */
    void scheduleAdded(ScheduleDefinition schedule);

    /**
     * @param name a schedule no longer registered; the trigger stops firing it
     */
    void scheduleRemoved(String name);

    /**
     * @param name a schedule name
     * @return when the trigger fires it next, when known
     */
    Optional<Instant> nextFire(String name);
}
