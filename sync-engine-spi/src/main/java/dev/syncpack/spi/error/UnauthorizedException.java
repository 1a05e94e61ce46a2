package dev.syncpack.spi.error;

/** The caller may not do this. Code {@link ErrorCode#UNAUTHORIZED}. */
public final class UnauthorizedException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public UnauthorizedException(String message) {
        super(ErrorCode.UNAUTHORIZED, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public UnauthorizedException(String message, Throwable cause) {
        super(ErrorCode.UNAUTHORIZED, message, cause);
    }
}
