package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away under load (an in-test TCP proxy drops every connection and refuses new
 * ones) and comes back: callers get UNAVAILABLE meanwhile, service resumes by itself, and every
 * acknowledged heartbeat is in the store.
 */
@Timeout(60)
class StoreOutageTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final SyncContext ALICE = SyncContext.of("c-alice", Map.of("userId", "alice"));

    private TcpProxy proxy;
    private JooqPresenceStore direct;
    private JooqPresenceStore proxied;

    @BeforeEach
    void storesWithAndWithoutTheProxy() throws Exception {
        proxy = DB.proxy();
        String prefix = "out" + System.nanoTime() % 100_000 + "_";
        direct = JooqPresenceStore.builder(DB.pool("direct")).schema(DB.schema()).prefix(prefix).build();
        direct.migrate();
        DataSource viaProxy = DB.pool("via-proxy", DB.jdbcUrlVia("127.0.0.1", proxy.port()));
        proxied = JooqPresenceStore.builder(viaProxy).schema(DB.schema()).prefix(prefix).build();
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
        DB.closePools();
    }

    @Test
    void storeCall_whileTheDatabaseIsDown_isUnavailableNamingTheStoreAndTheCause() {
        proxy.cut();

        assertThatThrownBy(() -> proxied.get(new SessionKey("", "doc", "alice", "s1")))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("presence store \"")
                .hasMessageContaining("could not read a session")
                .hasMessageContaining("SQLSTATE 08")
                .hasMessageContaining("retry once it is back");
    }

    @Test
    void heartbeatsThroughAnOutage_failUnavailableThenResumeWithinFiveSecondsLosingNothingAcknowledged()
            throws Exception {
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId"))
                    .store(proxied).maxStateBytes(64 * 1024).build());
            Heartbeats heartbeats = new Heartbeats(engine);
            Thread loop = Thread.ofPlatform().name("heartbeats").start(heartbeats::run);
            try {
                await(() -> heartbeats.acknowledged.size() >= 20, Duration.ofSeconds(20));

                proxy.cut();
                int failedBefore = heartbeats.failures.size();
                await(() -> heartbeats.failures.size() >= failedBefore + 3, Duration.ofSeconds(20));
                int ackedWhileDown = heartbeats.acknowledged.size();
                await(() -> heartbeats.failures.size() >= failedBefore + 6, Duration.ofSeconds(20));
                assertThat(heartbeats.acknowledged).as("nothing is acknowledged while down").hasSize(ackedWhileDown);
                long restoredAt = System.nanoTime();
                proxy.restore();
                int ackedAtRestore = heartbeats.acknowledged.size();
                await(() -> heartbeats.acknowledged.size() > ackedAtRestore, Duration.ofSeconds(20));
                Duration resumedAfter = Duration.ofNanos(System.nanoTime() - restoredAt);
                await(() -> heartbeats.acknowledged.size() >= ackedAtRestore + 20, Duration.ofSeconds(20));
                heartbeats.stop.set(true);
                loop.join(5_000);

                assertThat(resumedAfter).isLessThanOrEqualTo(Duration.ofSeconds(5));
                assertThat(heartbeats.failures).allSatisfy(failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(failure.getMessage()).contains("presence store");
                });
                Map<String, Object> stored = direct.get(new SessionKey("", "doc", "alice", "tab")).orElseThrow().state();
                assertThat(stored.keySet()).containsAll(heartbeats.acknowledged);
            } finally {
                heartbeats.stop.set(true);
                loop.join(5_000);
            }
        }
    }

    /** Heartbeats one after another, each adding its own state field, noting what was acknowledged. */
    private static final class Heartbeats {
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<SyncException> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        private final InProcessSyncEngine engine;

        Heartbeats(InProcessSyncEngine engine) {
            this.engine = engine;
        }

        void run() {
            for (int i = 0; !stop.get(); i++) {
                String field = "hb" + i;
                try {
                    engine.runMutation("presence:heartbeat",
                            Map.of("channel", "doc", "session", "tab", "state", Map.of(field, i)), ALICE);
                    acknowledged.add(field);
                } catch (SyncException e) {
                    failures.add(e);
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(10);
        }
    }
}
