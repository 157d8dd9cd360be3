package io.github.lookernats.bridge.identity;

/** The identity provider (or Looker, for the owner) could not answer; retried, then the configured policy applies. */
public class IdentityUnavailableException extends RuntimeException {

    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
