package dev.syncpack.spi.error;

import java.util.Objects;

/**
 * The one error type of syncpack: a stable {@link ErrorCode} and a message that says what was wrong
 * and what to do about it. Messages never contain another tenant's data.
 *
 * <p>Each code has its own subclass so callers can catch what they handle; {@link #code()} is what
 * travels over the wire.
 */
public abstract sealed class SyncException extends RuntimeException
        permits BadFrameException, InvalidArgumentException, UnauthorizedException, NotFoundException,
                ConflictException, LimitExceededException, UnavailableException, InternalException {

    private final ErrorCode code;

    SyncException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code of this error. */
    public ErrorCode code() {
        return code;
    }

    /**
     * Returns {@code error} when it is already a {@code SyncException}, otherwise wraps it as
     * {@link InternalException} naming {@code where} it happened.
     *
     * @param where what was running, e.g. {@code mutation "presence:heartbeat"}
     * @param error the failure
     * @return a {@code SyncException} carrying {@code error}
     */
    public static SyncException wrap(String where, Throwable error) {
        if (error instanceof SyncException sync) {
            return sync;
        }
        String detail = error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        return new InternalException(where + " failed: " + detail, error);
    }
}
