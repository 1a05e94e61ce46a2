package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.impl.matchers.KeyMatcher;
import org.quartz.listeners.JobListenerSupport;

/** Two engines with their own pools on one database, joined by the PostgreSQL bus and Quartz. */
@Timeout(60)
class MultiNodePresenceTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration LONG_TTL = Duration.ofSeconds(60);
    private static final String EVERY_SECOND = "* * * * * ?";
    private static final String ONCE_A_YEAR = "0 0 0 1 1 ?";
    private static final String PRESENCE = ClusterNode.PREFIX + "presence";
    private static final SyncContext ALICE = SyncContext.of("c-alice", Map.of("userId", "alice"));
    private static final SyncContext ALICE_ON_B = SyncContext.of("c-alice-b", Map.of("userId", "alice"));
    private static final SyncContext BOB = SyncContext.of("c-bob", Map.of("userId", "bob"));
    private static final SyncContext VIEWER = SyncContext.of("c-viewer", Map.of("userId", "viewer"));

    private final List<ClusterNode> nodes = new ArrayList<>();
    private String cluster;

    @BeforeAll
    static void migrate() {
        ClusterNode.migrate(DB, DB.pool("migrate"));
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (ClusterNode node : nodes) {
            node.close();
        }
    }

    private ClusterNode node(String name, boolean clusteredQuartz, SyncPack... extraPacks) throws Exception {
        return started(ClusterNode.start(DB, name, TTL, EVERY_SECOND, clusteredQuartz ? Optional.of(cluster)
                : Optional.empty(), extraPacks));
    }

    private ClusterNode nodeWithoutCleanup(String name) throws Exception {
        return started(ClusterNode.start(DB, name, TTL, ONCE_A_YEAR, Optional.empty()));
    }

    private ClusterNode started(ClusterNode node) {
        nodes.add(node);
        return node;
    }

    @BeforeEach
    void nameTheQuartzCluster(TestInfo test) {
        cluster = "mn-" + test.getTestMethod().orElseThrow().getName();
    }

    /** Records a subscription's diffs with the time each arrived. */
    private record Arrival(SubscriptionEvent.Diff diff, Instant at) {
    }

    private static BlockingQueue<Arrival> watch(ClusterNode node, String channel) {
        BlockingQueue<Arrival> diffs = new LinkedBlockingQueue<>();
        node.engine.subscribe(PRESENCE, Map.of("channel", channel), VIEWER, OptionalLong.empty(), event -> {
            if (event instanceof SubscriptionEvent.Diff diff) {
                diffs.add(new Arrival(diff, Instant.now()));
            }
        });
        return diffs;
    }

    private static Arrival next(BlockingQueue<Arrival> diffs, Predicate<SubscriptionEvent.Diff> wanted,
                                Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Arrival arrival = diffs.poll(50, TimeUnit.MILLISECONDS);
            if (arrival != null && wanted.test(arrival.diff())) {
                return arrival;
            }
        }
        throw new AssertionError("no matching diff within " + wait);
    }

    private static Predicate<SubscriptionEvent.Diff> adds(String actor) {
        return diff -> diff.added().stream().anyMatch(row -> actor.equals(row.get("actorId")));
    }

    @Test
    void heartbeatOnA_reachesASubscriberOnB_asADiff() throws Exception {
        ClusterNode a = node("a", false);
        ClusterNode b = node("b", false);
        BlockingQueue<Arrival> atB = watch(b, "doc-1");

        a.engine.runMutation(PRESENCE + ":heartbeat", Map.of("channel", "doc-1", "state", Map.of("name", "Ada")), ALICE);

        Map<String, Object> row = next(atB, adds("alice"), Duration.ofSeconds(10)).diff().added().getFirst();
        assertThat(row.get("state")).isEqualTo(Map.of("name", "Ada"));
        assertThat(b.engine.hydrate(PRESENCE, Map.of("channel", "doc-1"), VIEWER)).hasSize(1);
    }

    @Test
    void stateOver8000Bytes_reachesB() throws Exception {
        ClusterNode a = node("a", false);
        ClusterNode b = node("b", false);
        BlockingQueue<Arrival> atB = watch(b, "doc-big");
        Map<String, Object> state = Map.of("bio", "x".repeat(9_000), "name", "Ada");

        a.engine.runMutation(PRESENCE + ":heartbeat", Map.of("channel", "doc-big", "state", state), ALICE);

        Map<String, Object> row = next(atB, adds("alice"), Duration.ofSeconds(10)).diff().added().getFirst();
        assertThat(row.get("state")).isEqualTo(state);
    }

    /** Nodes whose renewals stay coalesced for 30 s, so A would answer heartbeats from memory throughout. */
    private ClusterNode nodeWithLongTtl(String name) throws Exception {
        return started(ClusterNode.start(DB, name, LONG_TTL, ONCE_A_YEAR, Optional.empty()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> heartbeat(ClusterNode node, SyncContext ctx, Map<String, Object> args) {
        return (Map<String, Object>) node.engine.runMutation(PRESENCE + ":heartbeat", args, ctx);
    }

    /**
     * Two nodes, alice's session {@code tab} joined on A with {@code state} and renewed there once
     * (from A's memory of it), and a subscriber on A.
     */
    private record AliceOnA(ClusterNode a, ClusterNode b, BlockingQueue<Arrival> atA, Map<String, Object> tab,
                            Map<String, Object> joined) {
    }

    private AliceOnA aliceRenewingOnA(String channel, Map<String, Object> state) throws Exception {
        ClusterNode a = nodeWithLongTtl("a");
        ClusterNode b = nodeWithLongTtl("b");
        BlockingQueue<Arrival> atA = watch(a, channel);
        Map<String, Object> tab = Map.of("channel", channel, "session", "tab");
        Map<String, Object> joined = heartbeat(a, ALICE, Map.of("channel", channel, "session", "tab", "state", state));
        next(atA, adds("alice"), Duration.ofSeconds(10));
        assertThat(heartbeat(a, ALICE, tab)).as("a coalesced renewal").isEqualTo(joined);
        return new AliceOnA(a, b, atA, tab, joined);
    }

    @Test
    void sessionLeftOnB_heartbeatOnAOnceAHeardOfIt_joinsTheSessionAgain() throws Exception {
        AliceOnA alice = aliceRenewingOnA("doc-5", Map.of());

        alice.b().engine.runMutation(PRESENCE + ":leave", alice.tab(), ALICE_ON_B);
        next(alice.atA(), diff -> diff.removed().stream().anyMatch(row -> "alice".equals(row.get("actorId"))),
                Duration.ofSeconds(10));
        Map<String, Object> again = heartbeat(alice.a(), ALICE, alice.tab());

        assertThat((Long) again.get("joinedAt")).isGreaterThan((Long) alice.joined().get("joinedAt"));
        next(alice.atA(), adds("alice"), Duration.ofSeconds(10));
        assertThat(alice.a().store.sessionsOfActor("", "alice")).singleElement()
                .satisfies(session -> assertThat(session.joinedAt().toEpochMilli()).isEqualTo(again.get("joinedAt")));
    }

    @Test
    void statePatchedOnB_heartbeatOnAOnceAHeardOfIt_answersThePatchedState() throws Exception {
        AliceOnA alice = aliceRenewingOnA("doc-6", Map.of("name", "Ada"));

        heartbeat(alice.b(), ALICE_ON_B, Map.of("channel", "doc-6", "session", "tab", "state", Map.of("name", "Bea")));
        next(alice.atA(), diff -> diff.changed().stream()
                .anyMatch(row -> Map.of("name", "Bea").equals(row.get("state"))), Duration.ofSeconds(10));

        assertThat(heartbeat(alice.a(), ALICE, alice.tab()).get("state")).isEqualTo(Map.of("name", "Bea"));
    }

    @Test
    void nodeStoppedWithoutLeaving_theSurvivorRemovesItsSessionsWithinTtlPlusOneSecondWithoutACleanupRun()
            throws Exception {
        ClusterNode a = nodeWithoutCleanup("a");
        ClusterNode b = nodeWithoutCleanup("b");
        BlockingQueue<Arrival> atA = watch(a, "doc-2");
        @SuppressWarnings("unchecked")
        Map<String, Object> bobsRow = (Map<String, Object>) b.engine.runMutation(PRESENCE + ":heartbeat",
                Map.of("channel", "doc-2"), BOB);
        next(atA, adds("bob"), Duration.ofSeconds(10));
        Instant stoppedAt = Instant.now();

        b.stop();

        Arrival removal = next(atA, diff -> diff.removed().stream().anyMatch(row -> "bob".equals(row.get("actorId"))),
                TTL.plusSeconds(5));
        assertThat(Duration.between(stoppedAt, removal.at())).isLessThanOrEqualTo(TTL.plusSeconds(1));
        assertThat(removal.at()).isAfterOrEqualTo(Instant.ofEpochMilli((Long) bobsRow.get("expiresAt")));
        assertThat(a.engine.hydrate(PRESENCE, Map.of("channel", "doc-2"), VIEWER)).isEmpty();
        assertThat(a.store.sessionsOfActor("", "bob")).isEmpty();
    }

    @Test
    void twoClusteredSchedulers_runEachTickExactlyOnce() throws Exception {
        List<Run> runs = new CopyOnWriteArrayList<>();
        ClusterNode a = node("a", true, countingPack(runs, "a"));
        ClusterNode b = node("b", true, countingPack(runs, "b"));
        for (ClusterNode node : List.of(a, b)) {
            node.scheduler().getListenerManager().addJobListener(new JobListenerSupport() {
                @Override
                public String getName() {
                    return "tick-times-" + node.name;
                }

                @Override
                public void jobToBeExecuted(JobExecutionContext context) {
                    TICK.set(context.getScheduledFireTime());
                }
            }, KeyMatcher.keyEquals(JobKey.jobKey("ticks:count", "syncpack")));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (timedRuns(runs).size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        a.scheduler().standby();
        b.scheduler().standby();

        List<Date> ticks = timedRuns(runs).stream().map(Run::tick).toList();
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(6);
        assertThat(new HashSet<>(ticks)).as("each tick ran on one node only").hasSize(ticks.size());
        long first = ticks.stream().mapToLong(Date::getTime).min().orElseThrow();
        long last = ticks.stream().mapToLong(Date::getTime).max().orElseThrow();
        assertThat((last - first) / 1000 + 1).as("no tick was left out").isEqualTo(ticks.size());
    }

    /** The tick a Quartz worker thread is about to run, set by a job listener on that thread. */
    private static final ThreadLocal<Date> TICK = new ThreadLocal<>();

    /** One run of the counting schedule: the node and the tick it ran for (null before listeners were added). */
    private record Run(String node, Date tick) {
    }

    private static List<Run> timedRuns(List<Run> runs) {
        return runs.stream().filter(run -> run.tick() != null).toList();
    }

    private static SyncPack countingPack(List<Run> runs, String node) {
        return SyncPack.builder("ticks", "1")
                .schedule(new ScheduleDefinition("ticks:count", "* * * * * ?",
                        actions -> runs.add(new Run(node, TICK.get())), RetryPolicy.NONE))
                .build();
    }
}
