package dev.syncpack.spi.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablePermissionsTest {

    private static final SyncContext CTX = SyncContext.of("c1", Map.of());
    private static final Map<String, Object> ROW = Map.of("id", "r");

    @Test
    void writeRule_aSpecificRuleOverridesTheWriteShorthand() {
        TablePermissions rules = TablePermissions.builder()
                .write((ctx, row) -> false)
                .delete((ctx, row) -> true)
                .build();

        assertThat(rules.writeRule(ChangeOp.DELETE)).hasValueSatisfying(rule -> assertThat(rule.allows(CTX, ROW)).isTrue());
        assertThat(rules.writeRule(ChangeOp.INSERT)).hasValueSatisfying(rule -> assertThat(rule.allows(CTX, ROW)).isFalse());
        assertThat(rules.writeRule(ChangeOp.UPDATE)).hasValueSatisfying(rule -> assertThat(rule.allows(CTX, ROW)).isFalse());
    }

    @Test
    void missingRules_allow() {
        assertThat(TablePermissions.ALLOW_ALL.writeRule(ChangeOp.INSERT)).isEmpty();
        assertThat(TablePermissions.ALLOW_ALL.readRule()).isEmpty();
    }
}
