package dev.syncpack.spi;

import java.util.List;

/**
 * A read-only picture of an engine for dashboards and tests; a plain Jackson {@code ObjectMapper}
 * writes it as is (times are epoch milliseconds).
 *
 * @param version the engine's current change version
 * @param packs registered packs, in registration order
 * @param collections collections with their live subscription counts
 * @param mutations mutation names, sorted
 * @param schedules schedules with their last run and next fire
 * @param readers tables with a reader, sorted
 * @param writers tables with a writer, sorted
 * @param recentChanges the newest changes, oldest first
 */
public record EngineInspection(
        long version,
        List<PackInfo> packs,
        List<CollectionInfo> collections,
        List<String> mutations,
        List<ScheduleInfo> schedules,
        List<String> readers,
        List<String> writers,
        List<ChangeInfo> recentChanges) {

    /** Copies the lists. */
    public EngineInspection {
        packs = List.copyOf(packs);
        collections = List.copyOf(collections);
        mutations = List.copyOf(mutations);
        schedules = List.copyOf(schedules);
        readers = List.copyOf(readers);
        writers = List.copyOf(writers);
        recentChanges = List.copyOf(recentChanges);
    }

    /**
     * @param name pack name
     * @param version pack version
     * @param instance instance id or ""
     * @param ownsTables owned tables
     * @param readsTables read tables
     */
    public record PackInfo(String name, String version, String instance, List<String> ownsTables,
                           List<String> readsTables) {
        /** Copies the lists. */
        public PackInfo {
            ownsTables = List.copyOf(ownsTables);
            readsTables = List.copyOf(readsTables);
        }
    }

    /**
     * @param name collection name
     * @param kind {@code view} for incremental collections, {@code refetch} for re-hydrating ones
     * @param tables the tables it reads
     * @param subscriptions live subscriptions
     */
    public record CollectionInfo(String name, String kind, List<String> tables, int subscriptions) {
        /** Copies the list. */
        public CollectionInfo {
            tables = List.copyOf(tables);
        }
    }

    /**
     * @param name schedule name
     * @param cron its Quartz cron
     * @param nextFireAt when the attached trigger fires it next (epoch ms), or null when unknown
     * @param lastRun its last run, or null when it never ran
     */
    public record ScheduleInfo(String name, String cron, Long nextFireAt, RunInfo lastRun) {
    }

    /**
     * @param startedAt when the run started (epoch ms)
     * @param finishedAt when it ended (epoch ms)
     * @param attempts how many attempts it took
     * @param outcome {@code ok} or {@code failed}
     * @param error the failure's message, or null
     */
    public record RunInfo(long startedAt, long finishedAt, int attempts, String outcome, String error) {
    }

    /**
     * @param version the batch version
     * @param table the table
     * @param op {@code INSERT}, {@code UPDATE} or {@code DELETE}
     */
    public record ChangeInfo(long version, String table, String op) {
    }
}
