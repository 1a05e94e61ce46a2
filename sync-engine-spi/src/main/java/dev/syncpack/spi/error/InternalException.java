package dev.syncpack.spi.error;

/** An unexpected failure inside a pack or the engine. Code {@link ErrorCode#INTERNAL}. */
public final class InternalException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public InternalException(String message) {
        super(ErrorCode.INTERNAL, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InternalException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
