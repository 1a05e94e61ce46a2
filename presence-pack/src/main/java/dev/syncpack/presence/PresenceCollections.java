package dev.syncpack.presence;

import dev.syncpack.presence.core.ChannelKey;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.collection.ParamsAuthorizer;
import dev.syncpack.spi.collection.Partitioning;
import dev.syncpack.spi.schema.Fields;
import dev.syncpack.spi.schema.Schema;
import dev.syncpack.spi.table.TablePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two presence collections, both with params {@code {channel}} and partitioned by (scope,
 * channel): {@code presence} (one row per live session, kept incrementally) and
 * {@code presence_stats} (one row of counts, recounted when the channel changes). Both require an
 * actor and {@code canAccessChannel}; the table's read rule keeps every row in its scope.
 */
final class PresenceCollections {

    private static final String CHANNEL = "channel";

    private final PresenceConfig config;
    private final PresenceStore store;

    PresenceCollections(PresenceConfig config) {
        this.config = config;
        this.store = config.store();
    }

    List<CollectionDefinition> definitions() {
        PresenceNames names = config.names();
        Schema params = Schema.builder().field(CHANNEL, Fields.string(config.maxChannelLength())).build();
        Partitioning byChannel = new Partitioning(this::channelOf, PresenceRows::channelOf);
        CollectionDefinition sessions = CollectionDefinition.builder(names.table())
                .params(params)
                .hydrate((p, ctx) -> liveRows(channelOf(p, ctx)))
                .match((row, p, ctx) -> PresenceRows.channelOf(row).equals(channelOf(p, ctx)))
                .keyField(PresenceRows.ID)
                .authorize(authorize(names.table()))
                .partitioning(byChannel)
                .build();
        CollectionDefinition stats = CollectionDefinition.builder(names.stats())
                .tables(names.table())
                .params(params)
                .hydrate((p, ctx) -> statsRows(channelOf(p, ctx)))
                .keyField(PresenceRows.ID)
                .authorize(authorize(names.stats()))
                .partitioning(byChannel)
                .build();
        return List.of(sessions, stats);
    }

    /** Rows are visible only within their own scope. */
    TablePermissions permissions() {
        return TablePermissions.builder()
                .read((ctx, row) -> Objects.equals(PresenceRows.channelOf(row).scope(), scopeOf(ctx)))
                .build();
    }

    private List<Map<String, Object>> liveRows(ChannelKey channel) {
        Instant now = store.now();
        return store.list(channel.scope(), channel.channel(), now).stream()
                .sorted(Comparator.comparing(Session::joinedAt).thenComparing(Session::key))
                .map(PresenceRows::sessionRow)
                .toList();
    }

    private List<Map<String, Object>> statsRows(ChannelKey channel) {
        return List.of(PresenceRows.statsRow(channel, store.count(channel.scope(), channel.channel(), store.now())));
    }

    private ParamsAuthorizer authorize(String collection) {
        return (params, ctx) -> {
            Caller.of(config, ctx, collection);
            return config.canAccessChannel().test((String) params.get(CHANNEL), ctx);
        };
    }

    private ChannelKey channelOf(Map<String, Object> params, SyncContext ctx) {
        return new ChannelKey(scopeOf(ctx), (String) params.get(CHANNEL));
    }

    private String scopeOf(SyncContext ctx) {
        return Caller.scopeOf(config, ctx);
    }
}
