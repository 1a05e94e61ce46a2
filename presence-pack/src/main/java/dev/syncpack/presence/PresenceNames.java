package dev.syncpack.presence;

/**
 * The names one presence pack registers, all built from its prefix so that several packs coexist.
 * Built once: the mutation names are read on every call.
 *
 * @param prefix the prefix, or ""
 * @param table the table and collection, {@code prefix + "presence"}
 * @param stats the counts collection, {@code table + "_stats"}
 * @param heartbeat the heartbeat mutation, {@code table + ":heartbeat"}
 * @param leave the leave mutation
 * @param cursor the cursor mutation
 * @param typing the typing mutation
 * @param cleanup the cleanup schedule
 */
record PresenceNames(String prefix, String table, String stats, String heartbeat, String leave, String cursor,
                     String typing, String cleanup) {

    /** @param prefix the prefix, or "" */
    PresenceNames(String prefix) {
        this(prefix, prefix + "presence", prefix + "presence_stats", prefix + "presence:heartbeat",
                prefix + "presence:leave", prefix + "presence:cursor", prefix + "presence:typing",
                prefix + "presence:cleanup");
    }
}
