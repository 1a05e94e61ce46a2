package dev.syncpack.presence.jooq;

import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.presence.store.PresenceStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the presence store contract from presence-pack's test-jar against real PostgreSQL. */
class JooqPresenceStoreContractTest extends PresenceStoreContract {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DataSource pool;

    @Override
    protected PresenceStore createStore() {
        synchronized (JooqPresenceStoreContractTest.class) {
            if (pool == null) {
                pool = DB.pool("contract");
            }
        }
        JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(DB.schema())
                .prefix("c" + TABLES.incrementAndGet() + "_").build();
        store.migrate();
        return store;
    }
}
