package io.github.lookernats.camel.looker.client;

/**
 * A result the input itself makes unreadable: malformed JSON or CSV, no rows where rows must be, or past one of
 * the bridge's limits. Nothing is retried; a push gets {@link #status()} (a 4xx, so Looker does not send the same
 * delivery again) and its dead letter; a poll is dead-lettered.
 */
public class RejectedInputException extends LookerResultException {

    private final int status;

    public RejectedInputException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The rejection in a failure's cause chain, or null. */
    public static RejectedInputException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedInputException rejected) {
                return rejected;
            }
        }
        return null;
    }
}
