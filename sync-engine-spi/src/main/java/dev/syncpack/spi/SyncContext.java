package dev.syncpack.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the connection id and the attributes the host resolved for it (user id,
 * workspace, display name, allowed channels...). Packs read attributes through functions the host
 * configures, so the engine never assumes a shape.
 *
 * @param connectionId the id of the connection (or "system" for trusted engine work); never blank
 * @param attributes host-supplied facts about the caller; copied, no null values
 */
public record SyncContext(String connectionId, Map<String, Object> attributes) {

    /** The context trusted engine work (schedules, expiry) runs with. */
    public static final SyncContext SYSTEM = new SyncContext("system", Map.of());

    /**
     * @throws IllegalArgumentException when {@code connectionId} is blank
     */
    public SyncContext {
        Objects.requireNonNull(connectionId, "connectionId");
        if (connectionId.isBlank()) {
            throw new IllegalArgumentException("connectionId must not be blank");
        }
        attributes = Map.copyOf(attributes);
    }

    /**
     * @param connectionId the connection id
     * @param attributes the caller's attributes
     * @return a context
     */
    public static SyncContext of(String connectionId, Map<String, Object> attributes) {
        return new SyncContext(connectionId, attributes);
    }

    /**
     * @param name an attribute name
     * @return the attribute, or empty when absent
     */
    public Optional<Object> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * @param name an attribute name
     * @return the attribute when it is a non-blank string, otherwise empty
     */
    public Optional<String> stringAttribute(String name) {
        return attributes.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
