package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.impl.SQLDataType;

/**
 * A DDL script shipped as a resource, written with psql variables ({@code :"table"}) so teams can
 * run it themselves; {@link #statements} fills the variables with names jOOQ renders and quotes.
 */
final class SchemaScript {

    private static final Pattern VARIABLE = Pattern.compile(":\"([a-z_]+)\"");

    private final String resource;
    private final String text;

    private SchemaScript(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    /**
     * @param resource the script's file name next to this class
     * @return the script
     * @throws IllegalStateException when the resource is missing from the jar
     */
    static SchemaScript load(String resource) {
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the presence-store-jooq jar");
            }
            return new SchemaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the script as shipped */
    String text() {
        return text;
    }

    /**
     * Runs the script in one transaction under an advisory lock on the first table's name, so
     * nodes that migrate at the same time do not race on {@code CREATE ... IF NOT EXISTS}.
     *
     * @param dsl where to run it
     * @param schema the schema, or empty for the connection's current schema
     * @param names every other variable of the script
     */
    void migrate(DSLContext dsl, Optional<String> schema, Map<String, Name> names) {
        dsl.transaction(tx -> {
            DSLContext ddl = tx.dsl();
            String schemaName = schema.orElseGet(() -> ddl.select(field("current_schema()", SQLDataType.VARCHAR))
                    .fetchOne(0, String.class));
            if (schemaName == null) {
                throw new IllegalStateException("no schema given and the connection's search_path names none that "
                        + "exists; configure a schema");
            }
            ddl.select(field("pg_advisory_xact_lock(hashtext({0}))", Object.class,
                    val("syncpack " + resource + " " + schemaName))).fetch();
            Map<String, Name> all = new HashMap<>(names);
            all.put("schema", name(schemaName));
            for (String statement : statements(ddl, all)) {
                ddl.execute(statement);
            }
        });
    }

    /**
     * @param dsl renders the names
     * @param names a value for every variable in the script
     * @return the script's statements with every variable replaced by its quoted name
     * @throws IllegalArgumentException when the script uses a variable without a value
     */
    List<String> statements(DSLContext dsl, Map<String, Name> names) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(substitute(dsl, line, names)).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    private String substitute(DSLContext dsl, String line, Map<String, Name> names) {
        Matcher variable = VARIABLE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            Name value = names.get(variable.group(1));
            if (value == null) {
                throw new IllegalArgumentException(resource + " uses :\"" + variable.group(1) + "\" but no name was given for it");
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(dsl.render(Objects.requireNonNull(value))));
        }
        variable.appendTail(out);
        return out.toString();
    }
}
