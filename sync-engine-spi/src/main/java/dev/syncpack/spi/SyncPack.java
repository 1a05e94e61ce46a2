package dev.syncpack.spi;

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
import java.util.Objects;

/**
 * A feature for the engine, as plain data: the tables it owns and reads, how they are checked,
 * read and written, and the collections, mutations and schedules it offers. Build one with
 * {@link #builder(String, String)}; register it with {@link SyncEngine#registerPack(SyncPack)}.
 *
 * @param name the pack's name, e.g. {@code presence}
 * @param version the pack's version
 * @param instance distinguishes several registrations of one pack (its prefix), or ""
 * @param ownsTables tables only this pack may declare
 * @param readsTables tables of other packs or the host this pack reads
 * @param schemas row schema per table
 * @param permissions row rules per table
 * @param readers reader per table
 * @param writers writer per table
 * @param collections live collections
 * @param mutations mutations
 * @param schedules schedules
 * @param lifecycle hooks into the engine's life
 */
public record SyncPack(
        String name,
        String version,
        String instance,
        List<String> ownsTables,
        List<String> readsTables,
        Map<String, Schema> schemas,
        Map<String, TablePermissions> permissions,
        Map<String, TableReader> readers,
        Map<String, TableWriter> writers,
        List<CollectionDefinition> collections,
        List<MutationDefinition> mutations,
        List<ScheduleDefinition> schedules,
        PackLifecycle lifecycle) {

    /** Copies every collection; a null lifecycle becomes {@link PackLifecycle#NONE}. */
    public SyncPack {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(instance, "instance");
        ownsTables = List.copyOf(ownsTables);
        readsTables = List.copyOf(readsTables);
        schemas = Map.copyOf(schemas);
        permissions = Map.copyOf(permissions);
        readers = Map.copyOf(readers);
        writers = Map.copyOf(writers);
        collections = List.copyOf(collections);
        mutations = List.copyOf(mutations);
        schedules = List.copyOf(schedules);
        lifecycle = lifecycle == null ? PackLifecycle.NONE : lifecycle;
    }

    /** @return {@code name} alone, or {@code name[instance]} when an instance is set */
    public String displayName() {
        return instance.isEmpty() ? name : name + "[" + instance + "]";
    }

    /**
     * @param name the pack name
     * @param version the pack version
     * @return an empty builder
     */
    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    /** Builds a {@link SyncPack}. */
    public static final class Builder {
        private final String name;
        private final String version;
        private String instance = "";
        private final List<String> ownsTables = new ArrayList<>();
        private final List<String> readsTables = new ArrayList<>();
        private final Map<String, Schema> schemas = new LinkedHashMap<>();
        private final Map<String, TablePermissions> permissions = new LinkedHashMap<>();
        private final Map<String, TableReader> readers = new LinkedHashMap<>();
        private final Map<String, TableWriter> writers = new LinkedHashMap<>();
        private final List<CollectionDefinition> collections = new ArrayList<>();
        private final List<MutationDefinition> mutations = new ArrayList<>();
        private final List<ScheduleDefinition> schedules = new ArrayList<>();
        private PackLifecycle lifecycle = PackLifecycle.NONE;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        /** @param instance the instance id @return this */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** @param tables owned tables @return this */
        public Builder owns(String... tables) {
            ownsTables.addAll(List.of(tables));
            return this;
        }

        /** @param tables read tables @return this */
        public Builder reads(String... tables) {
            readsTables.addAll(List.of(tables));
            return this;
        }

        /** @param table the table @param schema its schema @return this */
        public Builder schema(String table, Schema schema) {
            schemas.put(table, schema);
            return this;
        }

        /** @param table the table @param rules its rules @return this */
        public Builder permissions(String table, TablePermissions rules) {
            permissions.put(table, rules);
            return this;
        }

        /** @param table the table @param reader its reader @return this */
        public Builder reader(String table, TableReader reader) {
            readers.put(table, reader);
            return this;
        }

        /** @param table the table @param writer its writer @return this */
        public Builder writer(String table, TableWriter writer) {
            writers.put(table, writer);
            return this;
        }

        /** @param collection a collection @return this */
        public Builder collection(CollectionDefinition collection) {
            collections.add(collection);
            return this;
        }

        /** @param mutation a mutation @return this */
        public Builder mutation(MutationDefinition mutation) {
            mutations.add(mutation);
            return this;
        }

        /** @param schedule a schedule @return this */
        public Builder schedule(ScheduleDefinition schedule) {
            schedules.add(schedule);
            return this;
        }

        /** @param lifecycle the hooks @return this */
        public Builder lifecycle(PackLifecycle lifecycle) {
            this.lifecycle = lifecycle;
            return this;
        }

        /** @return the pack */
        public SyncPack build() {
            return new SyncPack(name, version, instance, ownsTables, readsTables, schemas, permissions,
                    readers, writers, collections, mutations, schedules, lifecycle);
        }
    }
}
