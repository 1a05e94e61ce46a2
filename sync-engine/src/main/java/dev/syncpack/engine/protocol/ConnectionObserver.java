package dev.syncpack.engine.protocol;

import dev.syncpack.spi.error.ErrorCode;

/**
 * Hears what a {@link SyncConnection} does, for metrics. Every method defaults to nothing. Methods
 * are called on the thread that did the work (a socket thread or an engine thread delivering a
 * change), so they must be quick and must not throw.
 */
public interface ConnectionObserver {

    /** An observer that ignores everything. */
    ConnectionObserver NONE = new ConnectionObserver() {
    };

    /**
     * A client frame was answered with an {@code error} frame.
     *
     * @param code why it was refused
     */
    default void frameRejected(ErrorCode code) {
    }

    /**
     * A frame was handed to the sink.
     *
     * @param type the frame type: {@code snapshot}, {@code diff}, {@code ack}, {@code reject},
     *     {@code error} or {@code pong}
     * @param bytes its size in UTF-8 bytes
     */
    default void frameSent(String type, long bytes) {
    }

    /**
     * A mutation ran and was acknowledged.
     *
     * @param name the mutation name
     */
    default void mutationAcknowledged(String name) {
    }

    /**
     * A mutation was answered with a {@code reject} frame.
     *
     * @param name the mutation name as the client sent it; unknown names arrive here with
     *     {@link ErrorCode#NOT_FOUND}, so a metrics observer should not make each one a new series
     * @param code why it failed
     */
    default void mutationRejected(String name, ErrorCode code) {
    }
}
