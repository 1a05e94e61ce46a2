package dev.syncpack.spi.collection;

import dev.syncpack.spi.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A live collection clients subscribe to: a snapshot from {@code hydrate}, then diffs as rows of
 * {@code tables} change.
 *
 * @param name the unique collection name
 * @param tables the tables whose changes can affect it
 * @param params the schema of the subscription parameters
 * @param hydrate loads the current rows
 * @param match decides if a changed row belongs; null re-hydrates on every change of its tables
 * @param key a row's identity within the collection
 * @param keyFields the fields that make up {@code key}, carried by every patch of a
 *     {@link SubscriptionEvent.Diff}; empty when the key is not a set of fields, and then diffs carry
 *     no patches
 * @param authorize who may subscribe with which parameters
 * @param partitioning optional partitioning for routing and view sharing, or null
 */
public record CollectionDefinition(
        String name,
        List<String> tables,
        Schema params,
        Hydrator hydrate,
        RowMatcher match,
        Function<Map<String, Object>, Object> key,
        List<String> keyFields,
        ParamsAuthorizer authorize,
        Partitioning partitioning) {

    /** @throws NullPointerException when a required component is null */
    public CollectionDefinition {
        Objects.requireNonNull(name, "name");
        tables = List.copyOf(tables);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(hydrate, "hydrate");
        Objects.requireNonNull(key, "key");
        keyFields = List.copyOf(keyFields);
        Objects.requireNonNull(authorize, "authorize");
    }

    /** @return the matcher, empty for a re-hydrating collection */
    public Optional<RowMatcher> matcher() {
        return Optional.ofNullable(match);
    }

    /** @return the partitioning, when declared */
    public Optional<Partitioning> partitions() {
        return Optional.ofNullable(partitioning);
    }

    /**
     * @param name the collection name
     * @return a builder whose tables default to {@code [name]}, key to the row's {@code id} field
     *     ({@link Builder#keyField}),
     *     params to an empty schema and authorization to allow-all
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link CollectionDefinition}. */
    public static final class Builder {
        private final String name;
        private List<String> tables;
        private Schema params = Schema.EMPTY;
        private Hydrator hydrate;
        private RowMatcher match;
        private Function<Map<String, Object>, Object> key;
        private List<String> keyFields;
        private ParamsAuthorizer authorize = ParamsAuthorizer.ALLOW_ALL;
        private Partitioning partitioning;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.tables = List.of(name);
            keyField("id");
        }

        /** @param tables the tables it reads @return this */
        public Builder tables(String... tables) {
            this.tables = List.of(tables);
            return this;
        }

        /** @param params the parameter schema @return this */
        public Builder params(Schema params) {
            this.params = params;
            return this;
        }

        /** @param hydrate the loader @return this */
        public Builder hydrate(Hydrator hydrate) {
            this.hydrate = hydrate;
            return this;
        }

        /** @param match the matcher @return this */
        public Builder match(RowMatcher match) {
            this.match = match;
            return this;
        }

        /**
         * Keys rows by a function of their fields. Diffs of such a collection carry no patches, since
         * a client could not tell which row a patch is for; prefer {@link #keyField} when one field
         * identifies a row.
         *
         * @param key the row identity
         * @return this
         */
        public Builder key(Function<Map<String, Object>, Object> key) {
            this.key = key;
            this.keyFields = List.of();
            return this;
        }

        /**
         * Keys rows by one of their fields, which every patch then carries.
         *
         * @param field the field whose value identifies a row
         * @return this
         */
        public Builder keyField(String field) {
            Objects.requireNonNull(field, "field");
            this.key = row -> row.get(field);
            this.keyFields = List.of(field);
            return this;
        }

        /** @param authorize the subscribe gate @return this */
        public Builder authorize(ParamsAuthorizer authorize) {
            this.authorize = authorize;
            return this;
        }

        /** @param partitioning the partitioning @return this */
        public Builder partitioning(Partitioning partitioning) {
            this.partitioning = partitioning;
            return this;
        }

        /**
         * @return the definition
         * @throws NullPointerException when no hydrator was given
         */
        public CollectionDefinition build() {
            return new CollectionDefinition(name, tables, params, hydrate, match, key, keyFields, authorize,
                    partitioning);
        }
    }
}
