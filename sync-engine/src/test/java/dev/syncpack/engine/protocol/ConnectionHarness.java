package dev.syncpack.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.PackLifecycle;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncPack;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real engine with the notes pack (which denies user {@code mallory}) and a probe pack that
 * records closed connections; hands out connections with recording sinks.
 */
final class ConnectionHarness implements AutoCloseable {

    static final SyncContext ADA = NotesPack.user("ada", "acme");
    static final SyncContext BOB = NotesPack.user("bob", "acme");
    static final SyncContext MALLORY = NotesPack.user("mallory", "acme");

    final MutableClock clock = new MutableClock();
    final MapTable table = new MapTable();
    final InProcessSyncEngine engine = InProcessSyncEngine.builder().clock(clock).build();
    final List<SyncContext> closedConnections = new CopyOnWriteArrayList<>();

    ConnectionHarness() {
        engine.registerPack(NotesPack.builder(table)
                .authorize((params, ctx) -> !"mallory".equals(ctx.attributes().get("user")))
                .build());
        engine.registerPack(SyncPack.builder("close-probe", "1.0.0").lifecycle(new PackLifecycle() {
            @Override
            public void onConnectionClosed(SyncContext ctx) {
                closedConnections.add(ctx);
            }
        }).build());
    }

    /** A client connection and what it received. */
    record Client(SyncConnection connection, RecordingSink sink) {

        /** @param frame a frame with single quotes for double quotes */
        void send(String frame) {
            connection.onText(json(frame));
        }

        /** @return the frames received since the last call */
        List<JsonNode> take() {
            return sink.take();
        }
    }

    Client connect(SyncContext ctx) {
        return connect(ctx, ConnectionLimits.defaults(), ConnectionObserver.NONE);
    }

    Client connect(SyncContext ctx, ConnectionLimits limits) {
        return connect(ctx, limits, ConnectionObserver.NONE);
    }

    Client connect(SyncContext ctx, ConnectionLimits limits, ConnectionObserver observer) {
        RecordingSink sink = new RecordingSink();
        return new Client(SyncConnection.builder(engine, ctx, sink, clock).limits(limits).observer(observer).build(),
                sink);
    }

    /** @return live subscriptions over every collection */
    int liveSubscriptions() {
        return engine.inspect().collections().stream().mapToInt(EngineInspection.CollectionInfo::subscriptions).sum();
    }

    /** @param text JSON written with single quotes @return the same with double quotes */
    static String json(String text) {
        return text.replace('\'', '"');
    }

    @Override
    public void close() {
        engine.close();
    }
}
