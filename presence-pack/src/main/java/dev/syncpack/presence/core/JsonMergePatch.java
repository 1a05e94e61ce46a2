package dev.syncpack.presence.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7386): a patch object sets its members on the target, recursing into
 * nested objects; a {@code null} member removes that member; any non-object patch replaces the
 * target wholesale.
 */
public final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}.
     *
     * @param target the JSON value patched; left untouched
     * @param patch the patch
     * @return the patched value as a new unmodifiable tree
     * @throws IllegalArgumentException when either argument is not JSON-shaped
     */
    public static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchObject)) {
            return JsonTree.copy(patch);
        }
        Map<String, Object> result = new LinkedHashMap<>(
                target instanceof Map<?, ?> targetObject ? JsonTree.copyObject(targetObject) : Map.of());
        for (Map.Entry<?, ?> member : patchObject.entrySet()) {
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("not a JSON object: key " + member.getKey() + " is not a string");
            }
            if (member.getValue() == null) {
                result.remove(name);
            } else {
                result.put(name, apply(result.get(name), member.getValue()));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Applies an object patch to an object.
     *
     * @param target the object patched; left untouched
     * @param patch the patch object
     * @return the patched object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> applyToObject(Map<String, Object> target, Map<String, Object> patch) {
        return (Map<String, Object>) apply(target, patch);
    }
}
