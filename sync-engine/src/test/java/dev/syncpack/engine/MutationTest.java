package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.InternalException;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnavailableException;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.schedule.Backoff;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schema.Schema;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MutationTest {

    private static final SyncContext ALICE = user("alice", "ws");
    private static final Backoff NO_WAIT = Backoff.exponential(Duration.ZERO, 1, Duration.ZERO, 0);

    private final InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final MapTable table = new MapTable();
    private final Mirror mirror = new Mirror();

    @AfterEach
    void close() {
        engine.close();
    }

    private void registerNotesAndSubscribe() {
        engine.registerPack(NotesPack.create(table));
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), mirror);
    }

    private SyncException failure(String name, Map<String, Object> args, SyncContext ctx) {
        try {
            engine.runMutation(name, args, ctx);
        } catch (SyncException e) {
            return e;
        }
        throw new AssertionError("mutation " + name + " did not fail");
    }

    private void registerWithOneMutation(MutationDefinition mutation) {
        engine.registerPack(NotesPack.create(table));
        engine.registerPack(SyncPack.builder("extra", "1").reads("notes").mutation(mutation).build());
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), mirror);
    }

    @Test
    void runMutation_runsTheHandlerEmitsTheDiffAndReturnsTheResult() {
        registerNotesAndSubscribe();

        Object result = engine.runMutation("notes:add", Map.of("id", "n1", "text", "hi"), ALICE);

        assertThat(result).isEqualTo(note("n1", "hi"));
        assertThat(mirror.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.version()).isEqualTo(1);
            assertThat(diff.added()).containsExactly(note("n1", "hi"));
        });
    }

    @Test
    void runMutation_unknown_isNotFound() {
        registerNotesAndSubscribe();

        assertThat(failure("notes:nope", Map.of(), ALICE))
                .hasMessage("Unknown mutation \"notes:nope\"")
                .extracting(SyncException::code).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void runMutation_argsFailingTheSchema_areInvalidArgumentNamingTheField() {
        registerNotesAndSubscribe();

        assertThat(failure("notes:add", Map.of("id", 42, "text", "x"), ALICE))
                .hasMessage("Invalid arguments of mutation \"notes:add\": field \"id\" must be a non-empty string")
                .extracting(SyncException::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(failure("notes:add", Map.of("text", "x"), ALICE))
                .hasMessageContaining("field \"id\" is required");
        assertThat(failure("notes:add", Map.of("id", "a", "text", "x", "owner", "mallory"), ALICE))
                .hasMessageContaining("unknown field \"owner\"");
        assertThat(failure("notes:add", Map.of("id", "a", "text", "x".repeat(1001)), ALICE))
                .hasMessageContaining("field \"text\" must be at most 1000 characters long (was 1001)")
                .extracting(SyncException::code).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(table.size()).isZero();
        assertThat(mirror.diffs()).isEmpty();
    }

    @Test
    void runMutation_deniedByAuthorize_isUnauthorizedAndRunsNothing() {
        AtomicInteger runs = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:guarded", Schema.EMPTY, (a, c, x) -> runs.incrementAndGet())
                .withAuthorize((args, ctx) -> false));

        assertThat(failure("extra:guarded", Map.of(), ALICE))
                .hasMessage("Not authorized to run mutation \"extra:guarded\"")
                .extracting(SyncException::code).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(runs).hasValue(0);
    }

    @Test
    void runMutation_writeRuleDenial_isUnauthorizedAndWritesNothing() {
        registerNotesAndSubscribe();
        engine.runMutation("notes:add", Map.of("id", "n1", "text", "mine"), ALICE);

        assertThat(failure("notes:edit", Map.of("id", "n1", "text", "hijacked"), user("bob", "ws")))
                .hasMessage("Not authorized to update a row of table \"notes\"");
        assertThat(failure("notes:remove", Map.of("id", "n1"), user("bob", "ws")))
                .hasMessage("Not authorized to delete a row of table \"notes\"");
        assertThat(table.get("n1")).hasValueSatisfying(row -> assertThat(row).containsEntry("text", "mine"));
    }

    @Test
    void runMutation_insertRuleDenial_isUnauthorizedAndWritesNothing() {
        registerWithOneMutation(MutationDefinition.of("extra:forge", Schema.EMPTY, (a, ctx, actions) ->
                actions.insert("notes", Map.of("id", "f1", "owner", "bob", "scope", "ws", "text", "forged"))));

        assertThat(failure("extra:forge", Map.of(), ALICE))
                .hasMessage("Not authorized to insert a row of table \"notes\"");
        assertThat(table.size()).isZero();
        assertThat(mirror.diffs()).isEmpty();
    }

    @Test
    void runMutation_updateChecksOnlyTheFieldsSupplied() {
        registerWithOneMutation(MutationDefinition.of("extra:retext", Schema.EMPTY, (a, ctx, actions) ->
                actions.update("notes", Map.of("id", "n1", "text", 42))));
        engine.runMutation("notes:add", Map.of("id", "n1", "text", "mine"), ALICE);

        assertThat(failure("extra:retext", Map.of(), ALICE))
                .hasMessage("Invalid row of table \"notes\": field \"text\" must be a non-empty string");
        assertThat(table.get("n1")).hasValueSatisfying(row -> assertThat(row).containsEntry("text", "mine"));
    }

    @Test
    void runMutation_tableWithoutSchema_isNotValidated() {
        MapTable loose = new MapTable();
        engine.registerPack(SyncPack.builder("loose", "1").owns("loose").reader("loose", loose).writer("loose", loose)
                .mutation(MutationDefinition.of("loose:put", Schema.EMPTY, (a, ctx, actions) ->
                        actions.insert("loose", Map.of("id", 1, "anything", List.of(true)))))
                .build());

        engine.runMutation("loose:put", Map.of(), ALICE);

        assertThat(loose.get(1)).isPresent();
    }

    @Test
    void runMutation_updateRuleSeesTheStoredRowNotThePayload() {
        registerNotesAndSubscribe();
        engine.runMutation("notes:add", Map.of("id", "n1", "text", "mine"), ALICE);

        engine.runMutation("notes:edit", Map.of("id", "n1", "text", "edited"), ALICE);

        assertThat(table.get("n1")).hasValueSatisfying(row -> assertThat(row)
                .containsEntry("text", "edited").containsEntry("owner", "alice"));
    }

    @Test
    void runMutation_deleteOfAnAbsentRow_isANoOpSuccess() {
        registerNotesAndSubscribe();

        assertThat(engine.runMutation("notes:remove", Map.of("id", "ghost"), ALICE)).isEqualTo(false);
        assertThat(engine.runMutation("notes:remove", Map.of("id", "ghost"), ALICE)).isEqualTo(false);
        assertThat(mirror.diffs()).isEmpty();
    }

    @Test
    void runMutation_handlerThrows_propagatesAndEmitsNothing() {
        registerNotesAndSubscribe();

        assertThat(failure("notes:fail", Map.of(), ALICE))
                .isInstanceOf(InternalException.class)
                .hasMessage("notes:fail always fails");
        assertThat(mirror.diffs()).isEmpty();
        assertThat(engine.inspect().version()).isZero();
    }

    @Test
    void runMutation_nonSyncExceptionFromHandler_isWrappedAsInternalNamingTheMutation() {
        registerWithOneMutation(MutationDefinition.of("extra:boom", Schema.EMPTY, (a, c, x) -> {
            throw new IllegalStateException("kaput");
        }));

        assertThat(failure("extra:boom", Map.of(), ALICE))
                .hasMessage("mutation \"extra:boom\" failed: IllegalStateException: kaput")
                .extracting(SyncException::code).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void runMutation_severalChanges_commitAsOneMergedDiffWithOneVersion() {
        registerWithOneMutation(MutationDefinition.of("extra:batch", Schema.EMPTY, (a, ctx, actions) -> {
            actions.insert("notes", note("a", "1"));
            actions.insert("notes", note("b", "1"));
            actions.update("notes", Map.of("id", "b", "text", "2"));
            actions.insert("notes", note("c", "1"));
            actions.delete("notes", "c");
            return null;
        }));

        engine.runMutation("extra:batch", Map.of(), ALICE);

        assertThat(mirror.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.version()).isEqualTo(1);
            assertThat(diff.added()).containsExactly(note("a", "1"), note("b", "2"));
            assertThat(diff.changed()).isEmpty();
            assertThat(diff.removed()).isEmpty();
        });
        assertThat(engine.inspect().version()).isEqualTo(1);
    }

    @Test
    void runMutation_removeThenAddOfOneKeyInOneBatch_isAChange() {
        registerWithOneMutation(MutationDefinition.of("extra:swap", Schema.EMPTY, (a, ctx, actions) -> {
            actions.delete("notes", "a");
            actions.insert("notes", note("a", "new"));
            return null;
        }));
        engine.runMutation("notes:add", Map.of("id", "a", "text", "old"), ALICE);

        engine.runMutation("extra:swap", Map.of(), ALICE);

        SubscriptionEvent.Diff last = mirror.diffs().getLast();
        assertThat(last.changed()).containsExactly(note("a", "new"));
        assertThat(last.added()).isEmpty();
        assertThat(last.removed()).isEmpty();
    }

    @Test
    void runMutation_eachMutationAdvancesTheVersionOnce() {
        registerNotesAndSubscribe();

        engine.runMutation("notes:add", Map.of("id", "a", "text", "1"), ALICE);
        engine.runMutation("notes:add", Map.of("id", "b", "text", "1"), ALICE);
        engine.runMutation("notes:remove", Map.of("id", "ghost"), ALICE);

        assertThat(mirror.diffs()).extracting(SubscriptionEvent::version).containsExactly(1L, 2L);
        assertThat(engine.inspect().version()).isEqualTo(2);
    }

    @Test
    void retry_noPolicy_runsOnceAndThrowsTheOriginalError() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:flaky", Schema.EMPTY, (a, c, x) -> {
            attempts.incrementAndGet();
            throw new SQLException("could not serialize access", "40001");
        }));

        assertThat(failure("extra:flaky", Map.of(), ALICE)).hasMessageContaining("could not serialize access");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retry_transientErrorEveryTime_makesMaxAttemptsThenUnavailableKeepingTheCause() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:flaky", Schema.EMPTY, (a, c, x) -> {
            attempts.incrementAndGet();
            throw new SQLException("deadlock detected", "40P01");
        }).withRetry(RetryPolicy.attempts(3).withBackoff(NO_WAIT)));

        SyncException error = failure("extra:flaky", Map.of(), ALICE);

        assertThat(error).isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("mutation \"extra:flaky\" failed after 3 attempts")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void retry_succeedsOnALaterAttempt_commitsOnlyThatAttemptsChanges() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:flaky", Schema.EMPTY, (a, ctx, actions) -> {
            int attempt = attempts.incrementAndGet();
            actions.emit(dev.syncpack.spi.table.RowChange.insert("notes", note("try" + attempt, "x")));
            if (attempt < 3) {
                throw new UnavailableException("store down");
            }
            return attempt;
        }).withRetry(RetryPolicy.attempts(5).withBackoff(NO_WAIT)));

        assertThat(engine.runMutation("extra:flaky", Map.of(), ALICE)).isEqualTo(3);
        assertThat(mirror.diffs()).singleElement()
                .satisfies(diff -> assertThat(diff.added()).containsExactly(note("try3", "x")));
    }

    @Test
    void retry_nonRetryableError_isThrownAfterOneAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:bad", Schema.EMPTY, (a, c, x) -> {
            attempts.incrementAndGet();
            throw new SQLException("duplicate key", "23505");
        }).withRetry(RetryPolicy.attempts(5).withBackoff(NO_WAIT)));

        assertThat(failure("extra:bad", Map.of(), ALICE)).hasMessageContaining("duplicate key");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retry_customRetryablePredicate_isHonoured() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:custom", Schema.EMPTY, (a, c, x) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("try again");
        }).withRetry(RetryPolicy.attempts(4).withBackoff(NO_WAIT)
                .withRetryable(e -> e instanceof IllegalStateException)));

        failure("extra:custom", Map.of(), ALICE);

        assertThat(attempts).hasValue(4);
    }

    @Test
    void retry_maxElapsed_capsTheTotalTime() {
        AtomicInteger attempts = new AtomicInteger();
        registerWithOneMutation(MutationDefinition.of("extra:slow", Schema.EMPTY, (a, c, x) -> {
            attempts.incrementAndGet();
            throw new UnavailableException("down");
        }).withRetry(RetryPolicy.attempts(100)
                .withBackoff(Backoff.exponential(Duration.ofMillis(20), 1, Duration.ofMillis(20), 0))
                .withMaxElapsed(Duration.ofMillis(50))));

        failure("extra:slow", Map.of(), ALICE);

        assertThat(attempts.get()).isBetween(2, 4);
    }

    private static Map<String, Object> note(String id, String text) {
        return Map.of("id", id, "owner", "alice", "scope", "ws", "text", text);
    }

    @Test
    void backoff_withoutJitter_doublesUpToTheCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), 2, Duration.ofMillis(50), 0);

        assertThat(List.of(1, 2, 3, 4, 5).stream().map(backoff::delayAfter).map(Duration::toMillis))
                .containsExactly(10L, 20L, 40L, 50L, 50L);
    }

    @Test
    void isTransient_recognisesSerializationFailuresAndUnavailableAnywhereInTheCauseChain() {
        assertThat(RetryPolicy.isTransient(new SQLException("x", "40001"))).isTrue();
        assertThat(RetryPolicy.isTransient(new RuntimeException(new SQLException("x", "40P01")))).isTrue();
        assertThat(RetryPolicy.isTransient(new UnavailableException("down"))).isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("x", "23505"))).isFalse();
        assertThat(RetryPolicy.isTransient(new IllegalStateException())).isFalse();
    }
}
