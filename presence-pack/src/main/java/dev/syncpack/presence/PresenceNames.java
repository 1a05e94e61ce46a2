package dev.syncpack.presence;

/**
 * The names one presence pack registers, all built from its prefix so that several packs coexist.
 *
 * @param prefix the prefix, or ""
 */
record PresenceNames(String prefix) {

    String table() {
        return prefix + "presence";
    }

    String stats() {
        return prefix + "presence_stats";
    }

    String heartbeat() {
        return table() + ":heartbeat";
    }

    String leave() {
        return table() + ":leave";
    }

    String cursor() {
        return table() + ":cursor";
    }

    String typing() {
        return table() + ":typing";
    }

    String cleanup() {
        return table() + ":cleanup";
    }
}
