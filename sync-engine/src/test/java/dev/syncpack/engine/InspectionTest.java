package dev.syncpack.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.EngineInspection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectionTest {

    @Test
    void inspect_roundTripsThroughAPlainObjectMapper() throws Exception {
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(NotesPack.create(new MapTable()));
            engine.runMutation("notes:add", Map.of("id", "n1", "text", "t"), NotesPack.user("alice", "ws"));
            engine.runSchedule("notes:sweep");
            ObjectMapper mapper = new ObjectMapper();

            String json = mapper.writeValueAsString(engine.inspect());

            JsonNode tree = mapper.readTree(json);
            assertThat(tree.get("version").asLong()).isEqualTo(1);
            assertThat(tree.get("packs").get(0).get("name").asText()).isEqualTo("notes");
            assertThat(tree.get("schedules").get(0).get("lastRun").get("outcome").asText()).isEqualTo("ok");
            assertThat(mapper.readValue(json, EngineInspection.class)).isEqualTo(engine.inspect());
        }
    }
}
