package org.pupilrisk.input;

/**
 * Bad input from the user: an option, a file, a field or a scenario key that is not what was expected.
 *
 * <p>The message is the whole one-line error the CLI prints; it names the file, field or flag and
 * what was expected, so no stack trace is needed to act on it.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
