package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.collection.SubscriptionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the "Register a pack" example of the README, line for line, so it cannot rot. */
class ReadmeExampleTest {

    @Test
    void readmeExample_registersThePackAndDeliversTheHeartbeatAsADiff() {
        List<SubscriptionEvent> printed = new CopyOnWriteArrayList<>();

        try (SyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(PresencePack.builder()
                    .actorId(ctx -> ctx.stringAttribute("user"))
                    .scope(ctx -> ctx.stringAttribute("workspace"))
                    .heartbeatTtl(Duration.ofSeconds(30))
                    .build());

            SyncContext ada = SyncContext.of("conn-1", Map.of("user", "ada", "workspace", "acme"));
            engine.subscribe("presence", Map.of("channel", "doc-1"), ada, OptionalLong.empty(),
                    event -> printed.add(event));
            engine.runMutation("presence:heartbeat",
                    Map.of("channel", "doc-1", "state", Map.of("name", "Ada")), ada);
        }

        assertThat(printed).hasSize(2);
        assertThat(printed.get(1)).isInstanceOfSatisfying(SubscriptionEvent.Diff.class, diff ->
                assertThat(diff.added()).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("actorId", "ada").containsEntry("scope", "acme");
                    assertThat(row.get("state")).isEqualTo(Map.of("name", "Ada"));
                }));
    }
}
