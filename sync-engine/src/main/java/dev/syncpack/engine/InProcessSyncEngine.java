package dev.syncpack.engine;

import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.PackRuntime;
import dev.syncpack.spi.ScheduleTrigger;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.cluster.ClusterBatch;
import dev.syncpack.spi.cluster.ClusterBus;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionListener;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnauthorizedException;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import dev.syncpack.spi.schema.Schema;
import dev.syncpack.spi.table.RowChange;
import dev.syncpack.spi.table.RowRule;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link SyncEngine}: everything in one JVM, thread-safe, optionally joined to other
 * nodes through a {@link ClusterBus}.
 *
 * <p>Commits are totally ordered by a version; each subscription receives its events in that
 * order on the committing thread. Subscriptions of a partitioned collection share one view per
 * partition, so a change costs one diff per partition, not one per subscriber. With a
 * {@linkplain Builder#diffInterval diff interval} the engine coalesces instead: each view sends one
 * net diff per interval, on the engine's flush thread, after the commits it covers have returned.
 *
 * <pre>{@code
 * try (SyncEngine engine = InProcessSyncEngine.builder().build()) {
 *     engine.registerPack(myPack);
 *     engine.runMutation("notes:add", Map.of("text", "hi"), ctx);
 * }
 * }</pre>
 */
public final class InProcessSyncEngine implements SyncEngine {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessSyncEngine.class);

    private final InstantSource clock;
    private final Fanout fanout;
    private final ClusterBus bus;
    private final AutoCloseable busSubscription;
    private final Map<String, Long> lastSeenFromOrigin = new ConcurrentHashMap<>();
    private final Map<String, EngineInspection.RunInfo> lastRuns = new ConcurrentHashMap<>();
    private final ReentrantLock registration = new ReentrantLock();
    private volatile Registry registry = Registry.EMPTY;
    private volatile ScheduleTrigger trigger;

    private InProcessSyncEngine(Builder builder) {
        this.clock = builder.clock;
        this.fanout = new Fanout(builder.changeLogSize, builder.diffInterval, builder.diffInterval.isZero() ? null
                : Objects.requireNonNullElseGet(builder.flushTimer, ExecutorFlushTimer::new));
        this.bus = builder.bus;
        this.busSubscription = bus == null ? null : bus.subscribe(this::receive);
    }

    /**
     * @return a builder with the system clock, a change log of 1024 changes, no cluster bus and
     *     diffs delivered at each commit
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void registerPack(SyncPack pack) {
        Objects.requireNonNull(pack, "pack");
        registration.lock();
        try {
            PackValidator.validate(registry, pack);
            pack.lifecycle().onRegistered(new Runtime(pack));
            registry = registry.with(pack);
        } finally {
            registration.unlock();
        }
        ScheduleTrigger current = trigger;
        if (current != null) {
            try {
                pack.schedules().forEach(current::scheduleAdded);
            } catch (RuntimeException e) {
                unregisterPack(pack.name(), pack.instance());
                throw SyncException.wrap("binding the schedules of pack \"" + pack.displayName()
                        + "\" to the schedule trigger", e);
            }
        }
    }

    @Override
    public void unregisterPack(String name, String instance) {
        SyncPack pack;
        registration.lock();
        try {
            pack = registry.pack(name, instance).orElseThrow(() -> new NotFoundException(
                    "No pack \"" + name + "\" with instance \"" + instance + "\" is registered"));
            registry = registry.without(pack);
        } finally {
            registration.unlock();
        }
        fanout.closeCollections(pack.collections().stream().map(CollectionDefinition::name).toList());
        ScheduleTrigger current = trigger;
        pack.schedules().forEach(schedule -> {
            lastRuns.remove(schedule.name());
            if (current != null) {
                current.scheduleRemoved(schedule.name());
            }
        });
        pack.lifecycle().onUnregistered();
    }

    @Override
    public Object runMutation(String name, Map<String, Object> args, SyncContext ctx) {
        Registry current = registry;
        Registry.Declared<MutationDefinition> declared = current.mutations().get(name);
        if (declared == null) {
            throw new NotFoundException("Unknown mutation \"" + name + "\"");
        }
        MutationDefinition mutation = declared.value();
        Map<String, Object> safeArgs = args == null ? Map.of() : args;
        String what = declared.what();
        mutation.args().validate(declared.inputSubject(), safeArgs);
        if (!guarded(what, () -> mutation.authorize().allows(safeArgs, ctx))) {
            throw new UnauthorizedException("Not authorized to run " + what);
        }
        return Attempts.run(what, mutation.retry(), clock, () -> {
            BatchActions actions = new BatchActions(current, ctx, true, clock);
            Object result = mutation.handler().handle(safeArgs, ctx, actions);
            commitWrites(actions.changes());
            return result;
        }).value();
    }

    @Override
    public Subscription subscribe(String collection, Map<String, Object> params, SyncContext ctx, OptionalLong since,
                                 SubscriptionListener listener) {
        Objects.requireNonNull(listener, "listener");
        Registry current = registry;
        Map<String, Object> safeParams = params == null ? Map.of() : params;
        CollectionDefinition definition = checkedCollection(current, collection, safeParams, ctx, "subscribe to");
        return fanout.subscribe(definition, safeParams, ctx, since, listener, readRules(current, definition));
    }

    @Override
    public List<Map<String, Object>> hydrate(String collection, Map<String, Object> params, SyncContext ctx) {
        Registry current = registry;
        Map<String, Object> safeParams = params == null ? Map.of() : params;
        CollectionDefinition definition = checkedCollection(current, collection, safeParams, ctx, "read");
        Optional<RowRule> read = readRules(current, definition).apply(definition.tables().getFirst());
        return guarded("hydrating collection \"" + collection + "\"",
                () -> definition.hydrate().hydrate(safeParams, ctx)).stream()
                .filter(row -> read.map(rule -> rule.allows(ctx, row)).orElse(true))
                .toList();
    }

    @Override
    public void runSchedule(String name) {
        Registry current = registry;
        Registry.Declared<ScheduleDefinition> declared = current.schedules().get(name);
        if (declared == null) {
            throw new NotFoundException("Unknown schedule \"" + name + "\"");
        }
        ScheduleDefinition schedule = declared.value();
        Instant started = clock.instant();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            Attempts.run(declared.what(), schedule.retry(), clock, () -> {
                attempts.incrementAndGet();
                BatchActions actions = new BatchActions(current, SyncContext.SYSTEM, false, clock);
                schedule.handler().run(actions);
                commitWrites(actions.changes());
                return null;
            });
            lastRuns.put(name, new EngineInspection.RunInfo(started.toEpochMilli(), clock.millis(), attempts.get(),
                    "ok", null));
        } catch (SyncException e) {
            lastRuns.put(name, new EngineInspection.RunInfo(started.toEpochMilli(), clock.millis(), attempts.get(),
                    "failed", e.getMessage()));
            throw e;
        }
    }

    @Override
    public void connectionClosed(SyncContext ctx) {
        for (SyncPack pack : registry.packs()) {
            try {
                pack.lifecycle().onConnectionClosed(ctx);
            } catch (RuntimeException e) {
                LOG.error("Pack \"{}\" failed to handle the close of connection {}", pack.displayName(),
                        ctx.connectionId(), e);
            }
        }
    }

    @Override
    public void attachScheduleTrigger(ScheduleTrigger newTrigger) {
        Objects.requireNonNull(newTrigger, "trigger");
        registration.lock();
        try {
            if (trigger != null) {
                throw new IllegalStateException("a schedule trigger is already attached to this engine");
            }
            registry.schedules().values().forEach(declared -> newTrigger.scheduleAdded(declared.value()));
            trigger = newTrigger;
        } finally {
            registration.unlock();
        }
    }

    @Override
    public EngineInspection inspect() {
        return Inspector.inspect(registry, fanout, trigger, lastRuns);
    }

    @Override
    public void close() {
        List<SyncPack> packs = registry.packs();
        for (SyncPack pack : packs.reversed()) {
            unregisterPack(pack.name(), pack.instance());
        }
        fanout.close();
        if (busSubscription != null) {
            try {
                busSubscription.close();
            } catch (Exception e) {
                LOG.warn("Closing the cluster bus subscription failed", e);
            }
        }
    }

    /**
     * Commits what a mutation or schedule wrote. Most runs of a busy mutation write nothing (a
     * coalesced heartbeat); they skip the engine's one commit lock, which both cores would
     * otherwise take in turn for every call.
     */
    private void commitWrites(List<RowChange> changes) {
        if (!changes.isEmpty()) {
            commit(changes);
        }
    }

    private long commit(List<RowChange> changes) {
        return fanout.commit(changes, version -> {
            if (bus != null) {
                bus.publish(new ClusterBatch(bus.nodeId(), version, changes));
            }
        });
    }

    private void receive(ClusterBatch batch) {
        if (bus.nodeId().equals(batch.origin())) {
            return;
        }
        long previous = lastSeenFromOrigin.getOrDefault(batch.origin(), 0L);
        if (batch.originVersion() <= previous) {
            return;
        }
        lastSeenFromOrigin.put(batch.origin(), batch.originVersion());
        for (SyncPack pack : registry.packs()) {
            List<RowChange> owned = batch.changes().stream()
                    .filter(change -> pack.ownsTables().contains(change.table())).toList();
            if (!owned.isEmpty()) {
                try {
                    pack.lifecycle().onPeerChanges(owned);
                } catch (RuntimeException e) {
                    LOG.error("Pack \"{}\" failed to take in changes from node {}", pack.displayName(),
                            batch.origin(), e);
                }
            }
        }
        fanout.commit(batch.changes(), version -> { });
    }

    private CollectionDefinition checkedCollection(Registry current, String collection, Map<String, Object> params,
                                                   SyncContext ctx, String verb) {
        Registry.Declared<CollectionDefinition> declared = current.collections().get(collection);
        if (declared == null) {
            throw new NotFoundException("Unknown collection \"" + collection + "\"");
        }
        CollectionDefinition definition = declared.value();
        String what = declared.what();
        definition.params().validate(declared.inputSubject(), params);
        if (!guarded(what, () -> definition.authorize().allows(params, ctx))) {
            throw new UnauthorizedException("Not authorized to " + verb + " " + what);
        }
        return definition;
    }

    private static Function<String, Optional<RowRule>> readRules(Registry current, CollectionDefinition definition) {
        if (definition.tables().size() != 1) {
            return table -> Optional.empty();
        }
        return table -> BatchActions.permissions(current, table).flatMap(rules -> rules.readRule());
    }

    private static <T> T guarded(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw SyncException.wrap(what, e);
        }
    }

    /** The services one registered pack gets. */
    private final class Runtime implements PackRuntime {
        private final SyncPack pack;
        /** What a schema check calls a row of each of the pack's tables; built once, as rows are checked per change. */
        private final Map<String, String> rowSubjects;

        Runtime(SyncPack pack) {
            this.pack = pack;
            this.rowSubjects = pack.schemas().keySet().stream()
                    .collect(Collectors.toUnmodifiableMap(table -> table,
                            Registry.TABLE::inputSubject));
        }

        @Override
        public long publish(List<RowChange> changes) {
            for (RowChange change : changes) {
                if (!pack.ownsTables().contains(change.table())) {
                    throw new UnauthorizedException("Pack \"" + pack.displayName() + "\" cannot publish changes to table \""
                            + change.table() + "\": it does not own it");
                }
                Schema schema = pack.schemas().get(change.table());
                if (schema != null) {
                    schema.validate(rowSubjects.get(change.table()), change.row());
                }
            }
            return commit(changes);
        }

        @Override
        public InstantSource clock() {
            return clock;
        }
    }

    /** Configures an {@link InProcessSyncEngine}. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private int changeLogSize = 1024;
        private ClusterBus bus;
        private Duration diffInterval = Duration.ZERO;
        private FlushTimer flushTimer;

        private Builder() {
        }

        /**
         * @param clock the engine clock, given to handlers and packs
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param changes how many recent changes the resume log keeps, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code changes < 1}
         */
        public Builder changeLogSize(int changes) {
            if (changes < 1) {
                throw new IllegalArgumentException("changeLogSize must be at least 1, was " + changes);
            }
            this.changeLogSize = changes;
            return this;
        }

        /**
         * @param bus the bus that relays batches to and from other nodes
         * @return this builder
         */
        public Builder clusterBus(ClusterBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * Coalesces diffs: the engine flushes at most once per {@code interval}, each flush sending
         * every view (all subscribers of one partition share one) with unsent changes one diff with
         * the net change, at the version of the last batch it covers. A change after a quiet interval
         * is flushed at once, on the flush thread; changes in the interval after a flush wait for its
         * end. A row changed many times in an
         * interval is sent once with its last values; added then removed, it is not sent at all. So
         * a subscriber gets about one diff per view per interval however often rows change, and the
         * diff is still built once per view. A subscription that joins a view flushes it first (an
         * extra, earlier diff for the others), so its snapshot or catch-up is exact, and resuming
         * with {@code since} works as without coalescing. Events are handed to listeners after the
         * commit lock is released, in order, by one thread at a time (the flush thread, or a
         * subscribing thread for its first event), so slow sockets never hold up commits. The
         * costs: a diff arrives up to {@code interval} after its commit returned (and after a
         * connection's {@code ack} of the mutation); {@code subscribe} may return before the first
         * event arrives; and an event already being handed over when a subscription is closed may
         * still reach its listener.
         *
         * @param interval how long to collect; zero (the default) delivers each batch's diffs
         *     before its commit returns
         * @return this builder
         * @throws IllegalArgumentException when {@code interval} is negative
         */
        public Builder diffInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("diffInterval must not be negative, was " + interval);
            }
            this.diffInterval = interval;
            return this;
        }

        /** Runs the flushes of {@link #diffInterval} on {@code timer} instead of a thread of the engine's own. */
        Builder flushTimer(FlushTimer timer) {
            this.flushTimer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /** @return a running engine */
        public InProcessSyncEngine build() {
            return new InProcessSyncEngine(this);
        }
    }
}
