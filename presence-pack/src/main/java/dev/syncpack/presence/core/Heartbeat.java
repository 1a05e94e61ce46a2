package dev.syncpack.presence.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a heartbeat asks for.
 *
 * @param state a JSON object to merge-patch over the stored state (or to replace it), if any
 * @param replace true to replace the stored state instead of merging into it
 * @param active true when the user is active now; false leaves the last activity time as it was
 */
public record Heartbeat(Optional<Map<String, Object>> state, boolean replace, boolean active) {

    /**
     * Deep-copies the state patch.
     *
     * @throws NullPointerException when {@code state} is null
     */
    public Heartbeat {
        Objects.requireNonNull(state, "state");
        state = state.map(JsonTree::copyObject);
    }

    /**
     * A heartbeat without state.
     *
     * @return a heartbeat that only renews the session, reporting the user active
     */
    public static Heartbeat renew() {
        return new Heartbeat(Optional.empty(), false, true);
    }

    /**
     * A heartbeat that merges a state patch.
     *
     * @param patch the state patch
     * @return an active heartbeat merging {@code patch}
     */
    public static Heartbeat merging(Map<String, Object> patch) {
        return new Heartbeat(Optional.of(patch), false, true);
    }
}
