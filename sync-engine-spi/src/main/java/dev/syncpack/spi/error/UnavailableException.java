package dev.syncpack.spi.error;

/** A dependency such as a store is down; retrying later may succeed. Code {@link ErrorCode#UNAVAILABLE}. */
public final class UnavailableException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public UnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public UnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
