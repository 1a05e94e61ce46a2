package dev.syncpack.presence;

import dev.syncpack.presence.core.Rejection;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.LimitExceededException;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.SyncException;

/** Turns a rule's {@link Rejection} into the error the caller sees, named after the prefixed mutation. */
final class PresenceErrors {

    private PresenceErrors() {
    }

    static SyncException of(Rejection rejection, PresenceConfig config, String mutation, SessionKey key) {
        PresenceNames names = config.names();
        return switch (rejection) {
            case Rejection.NoLiveSession none -> new NotFoundException(mutation + ": no heartbeat for session \""
                    + key.sessionId() + "\" in channel \"" + key.channel() + "\" (none yet, or it expired after "
                    + config.policy().heartbeatTtl() + " without one); call " + names.heartbeat() + " first");
            case Rejection.StateTooLarge tooLarge -> new LimitExceededException(mutation + ": the state would be "
                    + tooLarge.size() + " bytes as JSON, over maxStateBytes " + tooLarge.limit()
                    + "; send less state");
            case Rejection.ServerOwnedField field -> new InvalidArgumentException(mutation + ": state field \""
                    + field.field() + "\" is set by the server; set typing with " + names.typing());
            case Rejection.NotBoolean field -> new InvalidArgumentException(mutation + ": state field \""
                    + field.field() + "\" must be true, false or null");
            case Rejection.TooManySessionsInChannel limit -> new LimitExceededException(mutation + ": channel \""
                    + key.channel() + "\" already has maxSessionsPerChannel " + limit.limit()
                    + " live sessions; try again when someone leaves");
            case Rejection.TooManyChannelsForActor limit -> new LimitExceededException(mutation
                    + ": this actor is already present in maxChannelsPerActor " + limit.limit()
                    + " channels; leave one with " + names.leave() + " first");
        };
    }
}
