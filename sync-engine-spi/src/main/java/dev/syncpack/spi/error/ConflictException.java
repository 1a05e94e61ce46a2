package dev.syncpack.spi.error;

/** The operation collides with existing state, such as a name or table already registered. Code {@link ErrorCode#CONFLICT}. */
public final class ConflictException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public ConflictException(String message, Throwable cause) {
        super(ErrorCode.CONFLICT, message, cause);
    }
}
