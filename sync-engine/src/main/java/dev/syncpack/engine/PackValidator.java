package dev.syncpack.engine;

import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.error.ConflictException;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.quartz.CronExpression;

/**
 * Checks a pack against the registry before anything of it is applied. Collects every problem so
 * one failed registration tells the author all that is wrong.
 */
final class PackValidator {

    private record Problem(boolean conflict, String message) {
    }

    private final Registry registry;
    private final SyncPack pack;
    private final List<Problem> problems = new ArrayList<>();

    private PackValidator(Registry registry, SyncPack pack) {
        this.registry = registry;
        this.pack = pack;
    }

    /**
     * @throws ConflictException when the first problem found is a collision (the message lists all)
     * @throws InvalidArgumentException when the first problem found is a malformed declaration
     */
    static void validate(Registry registry, SyncPack pack) {
        PackValidator validator = new PackValidator(registry, pack);
        validator.check();
        if (!validator.problems.isEmpty()) {
            String message = "Cannot register pack \"" + pack.displayName() + "\": "
                    + String.join("; ", validator.problems.stream().map(Problem::message).toList());
            throw validator.problems.getFirst().conflict() ? new ConflictException(message)
                    : new InvalidArgumentException(message);
        }
    }

    private void check() {
        if (pack.name().isBlank() || pack.version().isBlank()) {
            invalid("name and version must not be blank");
        }
        registry.pack(pack.name(), pack.instance()).ifPresent(existing -> conflict(
                "a pack named \"" + pack.displayName() + "\" is already registered; unregister it first or give "
                        + "this one another instance"));
        checkTables();
        checkTableDeclarations("schema", pack.schemas(), registry.schemas());
        checkTableDeclarations("permissions", pack.permissions(), registry.permissions());
        checkTableDeclarations("reader", pack.readers(), registry.readers());
        checkTableDeclarations("writer", pack.writers(), registry.writers());
        checkNames("collection", pack.collections(), CollectionDefinition::name, registry.collections());
        checkNames("mutation", pack.mutations(), MutationDefinition::name, registry.mutations());
        checkNames("schedule", pack.schedules(), ScheduleDefinition::name, registry.schedules());
        pack.collections().forEach(this::checkCollection);
        pack.mutations().stream().filter(m -> m.handler() == null).forEach(m ->
                invalid("mutation \"" + m.name() + "\" has no handler"));
        pack.schedules().forEach(this::checkSchedule);
    }

    private void checkTables() {
        Set<String> seen = new HashSet<>();
        for (String table : pack.ownsTables()) {
            if (!seen.add(table)) {
                invalid("it lists table \"" + table + "\" twice in ownsTables");
            }
            Registry.Declared<SyncPack> owner = registry.tableOwners().get(table);
            if (owner != null) {
                conflict("it claims table \"" + table + "\", but pack \"" + owner.pack().displayName()
                        + "\" already owns it; give one of them a different prefix");
            }
        }
        pack.readsTables().stream().filter(pack.ownsTables()::contains).forEach(table ->
                invalid("table \"" + table + "\" is in both ownsTables and readsTables"));
    }

    private <T> void checkTableDeclarations(String kind, Map<String, T> declared,
                                            Map<String, ? extends Registry.Declared<?>> registered) {
        for (String table : declared.keySet()) {
            if (!declares(table)) {
                invalid("it declares a " + kind + " for table \"" + table + "\", which it neither owns nor "
                        + "reads; add it to ownsTables or readsTables");
            }
            Registry.Declared<?> existing = registered.get(table);
            if (existing != null) {
                conflict("it declares a " + kind + " for table \"" + table + "\", but pack \""
                        + existing.pack().displayName() + "\" already declared one");
            }
        }
    }

    private <T> void checkNames(String kind, List<T> items, Function<T, String> name,
                                Map<String, ? extends Registry.Declared<?>> registered) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String itemName = name.apply(item);
            if (itemName.isBlank()) {
                invalid("a " + kind + " has a blank name");
            } else if (!seen.add(itemName)) {
                conflict("it declares " + kind + " \"" + itemName + "\" twice");
            }
            Registry.Declared<?> existing = registered.get(itemName);
            if (existing != null) {
                conflict(kind + " \"" + itemName + "\" is already registered by pack \""
                        + existing.pack().displayName() + "\"");
            }
        }
    }

    private void checkCollection(CollectionDefinition collection) {
        if (collection.tables().isEmpty()) {
            invalid("collection \"" + collection.name() + "\" reads no table");
        }
        collection.tables().stream().filter(table -> !declares(table)).forEach(table ->
                invalid("collection \"" + collection.name() + "\" reads table \"" + table
                        + "\", which the pack neither owns nor reads"));
    }

    private void checkSchedule(ScheduleDefinition schedule) {
        if (schedule.handler() == null) {
            invalid("schedule \"" + schedule.name() + "\" has no handler");
        }
        try {
            new CronExpression(schedule.cron());
        } catch (ParseException e) {
            invalid("schedule \"" + schedule.name() + "\" has an invalid Quartz cron \"" + schedule.cron()
                    + "\" (" + e.getMessage() + "); Quartz crons start with a seconds field and need '?' in "
                    + "day-of-month or day-of-week, e.g. \"0/15 * * * * ?\"");
        }
    }

    private boolean declares(String table) {
        return pack.ownsTables().contains(table) || pack.readsTables().contains(table);
    }

    private void conflict(String message) {
        problems.add(new Problem(true, message));
    }

    private void invalid(String message) {
        problems.add(new Problem(false, message));
    }
}
