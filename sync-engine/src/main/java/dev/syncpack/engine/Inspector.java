package dev.syncpack.engine;

import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.ScheduleTrigger;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the {@link EngineInspection} picture from the registry and the fan-out. */
final class Inspector {

    private static final int RECENT_CHANGES = 50;

    private Inspector() {
    }

    static EngineInspection inspect(Registry registry, Fanout fanout, ScheduleTrigger trigger,
                                    Map<String, EngineInspection.RunInfo> lastRuns) {
        List<EngineInspection.PackInfo> packs = registry.packs().stream()
                .map(p -> new EngineInspection.PackInfo(p.name(), p.version(), p.instance(), p.ownsTables(),
                        p.readsTables()))
                .toList();
        List<EngineInspection.CollectionInfo> collections = registry.collections().values().stream()
                .map(Registry.Declared::value)
                .map(c -> collectionInfo(c, fanout.subscriptions(c.name())))
                .toList();
        List<EngineInspection.ScheduleInfo> schedules = registry.schedules().values().stream()
                .map(Registry.Declared::value)
                .map(s -> scheduleInfo(s, trigger, lastRuns.get(s.name())))
                .toList();
        List<EngineInspection.ChangeInfo> recent = fanout.recent(RECENT_CHANGES).stream()
                .flatMap(entry -> entry.changes().stream()
                        .map(change -> new EngineInspection.ChangeInfo(entry.version(), change.table(),
                                change.op().name())))
                .toList();
        return new EngineInspection(fanout.version(), packs, collections,
                registry.mutations().keySet().stream().sorted().toList(), schedules,
                registry.readers().keySet().stream().sorted().toList(),
                registry.writers().keySet().stream().sorted().toList(),
                recent.subList(Math.max(0, recent.size() - RECENT_CHANGES), recent.size()));
    }

    private static EngineInspection.CollectionInfo collectionInfo(CollectionDefinition collection, int subscriptions) {
        return new EngineInspection.CollectionInfo(collection.name(),
                collection.matcher().isPresent() ? "view" : "refetch", collection.tables(), subscriptions);
    }

    private static EngineInspection.ScheduleInfo scheduleInfo(ScheduleDefinition schedule, ScheduleTrigger trigger,
                                                              EngineInspection.RunInfo lastRun) {
        return new EngineInspection.ScheduleInfo(schedule.name(), schedule.cron(),
                trigger == null ? null : trigger.nextFire(schedule.name()).map(Instant::toEpochMilli).orElse(null), lastRun);
    }
}
