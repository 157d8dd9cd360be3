package io.github.lookernats.camel.looker.client;

/** A result body was malformed or broke off part way; the run is incomplete and is not retried row by row. */
public class LookerResultException extends RuntimeException {

    public LookerResultException(String message, Throwable cause) {
        super(message, cause);
    }
}
