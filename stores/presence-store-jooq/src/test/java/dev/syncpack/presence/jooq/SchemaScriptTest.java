package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.name;

import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Filling the shipped psql scripts with names, without a database. */
class SchemaScriptTest {

    private static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);

    @Test
    void statements_replaceEveryVariableWithAQuotedName() {
        List<String> statements = SchemaScript.load("presence-store.sql").statements(POSTGRES, Map.of(
                "schema", name("App \"Schema\""), "table", name("Docs-presence"),
                "expires_index", name("Docs-presence_expires"), "actor_index", name("Docs-presence_actor")));

        assertThat(statements).hasSize(3);
        assertThat(statements.getFirst()).startsWith("CREATE TABLE IF NOT EXISTS \"App \"\"Schema\"\"\".\"Docs-presence\" (");
        assertThat(statements.get(1)).isEqualTo(
                "CREATE INDEX IF NOT EXISTS \"Docs-presence_expires\" ON \"App \"\"Schema\"\"\".\"Docs-presence\" (expires_at)");
        assertThat(String.join("\n", statements)).doesNotContain(":\"").doesNotContain("--");
    }

    @Test
    void statements_variableWithoutAName_isRejectedNamingIt() {
        assertThatThrownBy(() -> SchemaScript.load("cluster-bus.sql").statements(POSTGRES, Map.of("schema", name("s"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster-bus.sql uses :\"table\"");
    }

    @Test
    void load_missingResource_saysWhichOne() {
        assertThatThrownBy(() -> SchemaScript.load("nope.sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nope.sql is missing");
    }
}
