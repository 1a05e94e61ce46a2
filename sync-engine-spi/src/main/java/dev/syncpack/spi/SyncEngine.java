package dev.syncpack.spi;

import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sync engine: packs register tables, collections, mutations and schedules; clients subscribe
 * to collections and run mutations; every committed batch reaches every affected subscription as
 * one diff. Every method is thread-safe.
 */
public interface SyncEngine extends AutoCloseable {

    /**
     * Validates the whole pack, then registers all of it or nothing.
     *
     * @param pack the pack
     * @throws dev.syncpack.spi.error.ConflictException naming both sides when a table is already
     *     owned or a collection, mutation or schedule name is taken
     * @throws dev.syncpack.spi.error.InvalidArgumentException when the pack declares something for
     *     a table it neither owns nor reads, a mutation has no handler or a cron is invalid
     * @throws dev.syncpack.spi.error.SyncException when the attached schedule trigger cannot bind
     *     one of the pack's schedules; the pack is unregistered again
     */
    void registerPack(SyncPack pack);

    /**
     * Removes a pack and everything it registered; its live subscriptions are closed.
     *
     * @param name the pack name
     * @param instance the pack instance, or ""
     * @throws dev.syncpack.spi.error.NotFoundException when no such pack is registered
     */
    void unregisterPack(String name, String instance);

    /**
     * Runs a mutation: validate arguments, authorize, run the handler, commit its batch, fan out.
     * The batch's diffs are delivered before this returns, unless the engine coalesces diffs over
     * an interval it documents; then they follow within that interval.
     *
     * @param name the mutation name
     * @param args the arguments
     * @param ctx the caller
     * @return the handler's result
     * @throws dev.syncpack.spi.error.SyncException with the code of what went wrong
     */
    Object runMutation(String name, Map<String, Object> args, SyncContext ctx);

    /**
     * Subscribes to a collection. The listener receives a snapshot (or, when {@code since} is
     * covered by the change log, a catch-up diff) and then every diff, in order. No change is lost
     * between the snapshot and the first diff.
     *
     * @param collection the collection name
     * @param params the parameters
     * @param ctx the subscriber
     * @param since the version the subscriber already holds, to resume from
     * @param listener receives the events; must not block
     * @return the subscription
     * @throws dev.syncpack.spi.error.SyncException NOT_FOUND, INVALID_ARGUMENT or UNAUTHORIZED
     */
    Subscription subscribe(String collection, Map<String, Object> params, SyncContext ctx, OptionalLong since,
                           SubscriptionListener listener);

    /**
     * A one-shot read with the same checks as {@link #subscribe}.
     *
     * @param collection the collection
     * @param params the parameters
     * @param ctx the reader
     * @return the rows the caller may see
     */
    List<Map<String, Object>> hydrate(String collection, Map<String, Object> params, SyncContext ctx);

    /**
     * Runs a schedule now, with its retry policy, trusted (no write rules).
     *
     * @param name the schedule
     * @throws dev.syncpack.spi.error.NotFoundException when it is unknown
     */
    void runSchedule(String name);

    /**
     * Tells every pack that a connection closed, after the caller closed its subscriptions.
     *
     * @param ctx the connection's context
     */
    void connectionClosed(SyncContext ctx);

    /**
     * Attaches the trigger that fires schedules; it is told of every current and future schedule.
     *
     * @param trigger the trigger
     * @throws IllegalStateException when a trigger is already attached
     * @throws RuntimeException what the trigger threw while binding a schedule; it is not attached then
     */
    void attachScheduleTrigger(ScheduleTrigger trigger);

    /** @return a picture of the engine's registry and activity */
    EngineInspection inspect();

    /** Closes every subscription and unregisters every pack. */
    @Override
    void close();
}
