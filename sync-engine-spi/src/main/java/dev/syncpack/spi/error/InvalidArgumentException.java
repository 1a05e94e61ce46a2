package dev.syncpack.spi.error;

/** Arguments or parameters that do not satisfy the declared schema; the message names the field. Code {@link ErrorCode#INVALID_ARGUMENT}. */
public final class InvalidArgumentException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public InvalidArgumentException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidArgumentException(String message, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
