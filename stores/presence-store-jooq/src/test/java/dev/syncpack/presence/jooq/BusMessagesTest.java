package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.spi.cluster.ClusterBatch;
import dev.syncpack.spi.table.RowChange;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bus's wire forms, without a database. */
class BusMessagesTest {

    @Test
    void encodeThenDecode_givesTheSameBatch() {
        ClusterBatch batch = new ClusterBatch("node-1", 42, List.of(
                RowChange.insert("presence", Map.of("id", "a", "state", Map.of("n", 1, "list", List.of(true, "x")))),
                RowChange.delete("presence", Map.of("id", "b", "expiresAt", 1_764_000_000_000L))));

        assertThat(BusMessages.decode(BusMessages.encode(batch))).isEqualTo(batch);
    }

    @Test
    void fitsInline_isFalseOnceTheNotificationWouldReach8000Bytes() {
        String origin = "node-1";
        int overhead = 19 + 2 + origin.length();
        String fits = "\"" + "x".repeat(BusMessages.MAX_NOTIFY_BYTES - overhead - 2) + "\"";

        assertThat(BusMessages.fitsInline(origin, fits)).isTrue();
        assertThat(BusMessages.fitsInline(origin, fits + " ")).isFalse();
    }

    @Test
    void fitsInline_countsBytesNotCharacters() {
        char[] twoByteChars = new char[5_000];
        Arrays.fill(twoByteChars, 'é');

        assertThat(BusMessages.fitsInline("n", new String(twoByteChars))).isFalse();
    }

    @Test
    void parse_readsInlineAndReferenceNotifications() {
        assertThat(BusMessages.parse("17:node-1:{\"a\":\"b:c\"}"))
                .isEqualTo(new BusMessages.Notice(17, "node-1", Optional.of("{\"a\":\"b:c\"}")));
        assertThat(BusMessages.parse("18:node-1")).isEqualTo(new BusMessages.Notice(18, "node-1", Optional.empty()));
    }

    @Test
    void parse_foreignText_isRejectedQuotingIt() {
        assertThatThrownBy(() -> BusMessages.parse("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a cluster bus notification: hello");
        assertThatThrownBy(() -> BusMessages.parse("x:node"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
