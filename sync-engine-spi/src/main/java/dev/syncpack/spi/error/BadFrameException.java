package dev.syncpack.spi.error;

/** A frame that could not be understood; the connection stays open. Code {@link ErrorCode#BAD_FRAME}. */
public final class BadFrameException extends SyncException {

    /**
     * @param message what was wrong and what to do about it
     */
    public BadFrameException(String message) {
        super(ErrorCode.BAD_FRAME, message, null);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public BadFrameException(String message, Throwable cause) {
        super(ErrorCode.BAD_FRAME, message, cause);
    }
}
