package dev.syncpack.spi.error;

/** The named collection, mutation, schedule, pack or row does not exist. Code {@link ErrorCode#NOT_FOUND}. */
public final class NotFoundException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public NotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
