package io.github.lookernats.camel.looker.client;

/** Input went past one of the bridge's limits (size, columns, entries): rejected like malformed input. */
public class InputLimitException extends RejectedInputException {

    public InputLimitException(int status, String message) {
        super(status, message, null);
    }
}
