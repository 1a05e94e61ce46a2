package dev.syncpack.presence;

import dev.syncpack.spi.SyncPack;

/** Assembles the {@link SyncPack} of one presence configuration. */
final class PresenceSyncPack {

    private PresenceSyncPack() {
    }

    static SyncPack of(PresenceConfig config) {
        PresenceNames names = config.names();
        PresenceService service = new PresenceService(config);
        PresenceCollections collections = new PresenceCollections(config);
        SyncPack.Builder pack = SyncPack.builder(PresencePack.NAME, PresencePack.VERSION)
                .instance(names.prefix())
                .owns(names.table())
                .schema(names.table(), PresenceRows.sessionSchema(config.maxChannelLength(),
                        config.policy().maxStateBytes()))
                .permissions(names.table(), collections.permissions())
                .schedule(new PresenceCleanup(service).definition())
                .lifecycle(service);
        collections.definitions().forEach(pack::collection);
        new PresenceMutations(service).definitions().forEach(pack::mutation);
        return pack.build();
    }
}
