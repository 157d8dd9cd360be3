package io.github.lookernats.camel.nats;

/** JetStream did not acknowledge some events of a run, after retries. */
public class UnacknowledgedEventsException extends RuntimeException {

    public UnacknowledgedEventsException(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + cause, cause);
    }
}
