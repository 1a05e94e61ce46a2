package dev.syncpack.samples.presence;

/**
 * A command-line option or environment variable the server cannot run with; the message names the
 * option and says what it accepts. The launcher prints it and exits with code 2.
 */
public final class OptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message which option was wrong and what it accepts */
    public OptionsException(String message) {
        super(message);
    }
}
