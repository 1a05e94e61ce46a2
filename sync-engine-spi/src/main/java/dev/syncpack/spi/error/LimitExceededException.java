package dev.syncpack.spi.error;

/** A configured limit was reached; the message names the limit and its value. Code {@link ErrorCode#LIMIT_EXCEEDED}. */
public final class LimitExceededException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public LimitExceededException(String message) {
        super(ErrorCode.LIMIT_EXCEEDED, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public LimitExceededException(String message, Throwable cause) {
        super(ErrorCode.LIMIT_EXCEEDED, message, cause);
    }
}
