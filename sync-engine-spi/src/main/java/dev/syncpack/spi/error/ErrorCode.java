package dev.syncpack.spi.error;

/**
 * The stable error codes every {@link SyncException} carries; clients may switch on them, and they
 * never change meaning between releases.
 */
public enum ErrorCode {
    /** A frame could not be understood: not JSON, not an object, unknown type, missing fields. */
    BAD_FRAME,
    /** The arguments or parameters do not satisfy the declared schema. */
    INVALID_ARGUMENT,
    /** The caller may not do this: no identity, a denied permission or channel. */
    UNAUTHORIZED,
    /** The named collection, mutation, schedule, pack or row does not exist. */
    NOT_FOUND,
    /** The operation collides with existing state: a taken name, table or key. */
    CONFLICT,
    /** A configured limit was reached; the message names the limit and its value. */
    LIMIT_EXCEEDED,
    /** A dependency (a store, a database) is down; the same request may succeed later. */
    UNAVAILABLE,
    /** A bug or an unexpected failure inside a pack or the engine. */
    INTERNAL
}
