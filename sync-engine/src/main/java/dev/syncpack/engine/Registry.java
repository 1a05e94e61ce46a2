package dev.syncpack.engine;

import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import dev.syncpack.spi.schema.Schema;
import dev.syncpack.spi.table.TablePermissions;
import dev.syncpack.spi.table.TableReader;
import dev.syncpack.spi.table.TableWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable picture of everything registered; the engine swaps in a new one per registration,
 * so readers never see half a pack.
 */
record Registry(
        List<SyncPack> packs,
        Map<String, Declared<SyncPack>> tableOwners,
        Map<String, Declared<Schema>> schemas,
        Map<String, Declared<TablePermissions>> permissions,
        Map<String, Declared<TableReader>> readers,
        Map<String, Declared<TableWriter>> writers,
        Map<String, Declared<CollectionDefinition>> collections,
        Map<String, Declared<MutationDefinition>> mutations,
        Map<String, Declared<ScheduleDefinition>> schedules) {

    /**
     * A registered item and the pack that declared it.
     *
     * @param what the item in messages, e.g. {@code mutation "notes:add"}
     * @param inputSubject what a schema check of its input (arguments, parameters or a row) calls
     *     that input, e.g. {@code arguments of mutation "notes:add"}; built once here because every
     *     call checks its input
     */
    record Declared<T>(T value, SyncPack pack, String what, String inputSubject) {
    }

    /** What a kind of item is called in messages, and what its input is called. */
    record Kind(String noun, String input) {

        /** @return e.g. {@code mutation "notes:add"} */
        String what(String name) {
            return noun + " \"" + name + "\"";
        }

        /** @return e.g. {@code arguments of mutation "notes:add"} */
        String inputSubject(String name) {
            return input + " of " + what(name);
        }
    }

    static final Kind TABLE = new Kind("table", "row");
    private static final Kind COLLECTION = new Kind("collection", "parameters");
    private static final Kind MUTATION = new Kind("mutation", "arguments");
    private static final Kind SCHEDULE = new Kind("schedule", "arguments");

    static final Registry EMPTY = new Registry(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Map.of(), Map.of());

    Optional<SyncPack> pack(String name, String instance) {
        return packs.stream().filter(p -> p.name().equals(name) && p.instance().equals(instance)).findFirst();
    }

    Registry with(SyncPack pack) {
        List<SyncPack> newPacks = new ArrayList<>(packs);
        newPacks.add(pack);
        return new Registry(
                List.copyOf(newPacks),
                plus(tableOwners, pack, tablesAsMap(pack), TABLE),
                plus(schemas, pack, pack.schemas(), TABLE),
                plus(permissions, pack, pack.permissions(), TABLE),
                plus(readers, pack, pack.readers(), TABLE),
                plus(writers, pack, pack.writers(), TABLE),
                plus(collections, pack, byName(pack.collections(), CollectionDefinition::name), COLLECTION),
                plus(mutations, pack, byName(pack.mutations(), MutationDefinition::name), MUTATION),
                plus(schedules, pack, byName(pack.schedules(), ScheduleDefinition::name), SCHEDULE));
    }

    Registry without(SyncPack pack) {
        return new Registry(
                packs.stream().filter(p -> p != pack).toList(),
                minus(tableOwners, pack),
                minus(schemas, pack),
                minus(permissions, pack),
                minus(readers, pack),
                minus(writers, pack),
                minus(collections, pack),
                minus(mutations, pack),
                minus(schedules, pack));
    }

    private static Map<String, SyncPack> tablesAsMap(SyncPack pack) {
        Map<String, SyncPack> owned = new LinkedHashMap<>();
        pack.ownsTables().forEach(table -> owned.put(table, pack));
        return owned;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }

    private static <T> Map<String, Declared<T>> plus(Map<String, Declared<T>> current, SyncPack pack,
                                                     Map<String, T> added, Kind kind) {
        Map<String, Declared<T>> next = new LinkedHashMap<>(current);
        added.forEach((name, value) -> next.put(name,
                new Declared<>(value, pack, kind.what(name), kind.inputSubject(name))));
        return java.util.Collections.unmodifiableMap(next);
    }

    private static <T> Map<String, Declared<T>> minus(Map<String, Declared<T>> current, SyncPack pack) {
        Map<String, Declared<T>> next = new LinkedHashMap<>(current);
        next.values().removeIf(declared -> declared.pack() == pack);
        return java.util.Collections.unmodifiableMap(next);
    }
}
