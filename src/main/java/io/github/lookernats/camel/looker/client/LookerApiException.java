package io.github.lookernats.camel.looker.client;

/** A Looker call failed; {@link #status()} is the HTTP status, or 0 when no response arrived. */
public class LookerApiException extends RuntimeException {

    private final int status;

    public LookerApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
