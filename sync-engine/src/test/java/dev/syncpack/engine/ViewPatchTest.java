package dev.syncpack.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.table.RowChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The patches a view's diffs carry for changed rows. */
class ViewPatchTest {

    private static final CollectionDefinition BY_ID = collection(CollectionDefinition.builder("items"));

    private static CollectionDefinition collection(CollectionDefinition.Builder builder) {
        return builder.hydrate((params, ctx) -> List.of()).match((row, params, ctx) -> true).build();
    }

    private static View view(CollectionDefinition collection, Map<String, Object> row) {
        return new View(collection, Map.of(), SyncContext.SYSTEM, table -> Optional.empty(), null, List.of(row), 0);
    }

    private static Map<String, Object> item(String id, Object text, Object count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("text", text);
        row.put("count", count);
        return row;
    }

    @Test
    void changedRow_isPatchedWithItsKeyAndTheFieldsWhoseValuesChanged() {
        View view = view(BY_ID, item("a", "old", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", item("a", "new", 1L))));

        assertThat(diff.changed()).containsExactly(item("a", "new", 1L));
        assertThat(diff.patches()).containsExactly(Map.of("id", "a", "text", "new"));
    }

    @Test
    void fieldThatBecameNull_isInThePatch() {
        View view = view(BY_ID, item("a", "old", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", item("a", null, 1L))));

        assertThat(diff.patches()).singleElement().satisfies(patch -> assertThat(patch)
                .containsOnlyKeys("id", "text").containsEntry("text", null));
    }

    @Test
    void fieldAddedToARow_isInThePatch() {
        View view = view(BY_ID, Map.of("id", "a"));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", item("a", "new", null))));

        assertThat(diff.patches()).singleElement().satisfies(patch -> assertThat(patch)
                .containsOnlyKeys("id", "text", "count").containsEntry("count", null));
    }

    @Test
    void rowThatLostAField_leavesTheDiffWithoutPatches() {
        View view = view(BY_ID, item("a", "old", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", Map.of("id", "a"))));

        assertThat(diff.changed()).containsExactly(Map.of("id", "a"));
        assertThat(diff.patches()).isEmpty();
    }

    @Test
    void collectionKeyedByAFunction_hasNoPatches() {
        View view = view(collection(CollectionDefinition.builder("items").key(row -> row.get("id"))),
                item("a", "old", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", item("a", "new", 1L))));

        assertThat(diff.changed()).hasSize(1);
        assertThat(diff.patches()).isEmpty();
    }

    @Test
    void collectionKeyedByAnotherField_patchesCarryThatField() {
        View view = view(collection(CollectionDefinition.builder("items").keyField("text")), item("a", "t", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.update("items", item("a", "t", 2L))));

        assertThat(diff.patches()).containsExactly(Map.of("text", "t", "count", 2L));
    }

    @Test
    void addedAndRemovedRows_stayWhole() {
        View view = view(BY_ID, item("a", "old", 1L));

        SubscriptionEvent.Diff diff = view.apply(1, List.of(RowChange.delete("items", item("a", "old", 1L)),
                RowChange.insert("items", item("b", "new", 2L))));

        assertThat(diff.added()).containsExactly(item("b", "new", 2L));
        assertThat(diff.removed()).containsExactly(item("a", "old", 1L));
        assertThat(diff.patches()).isEmpty();
    }
}
