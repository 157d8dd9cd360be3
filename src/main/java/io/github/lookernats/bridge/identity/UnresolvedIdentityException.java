package io.github.lookernats.bridge.identity;

/** The owner could not be resolved (unknown, or in no mapped group) and the policy says dead-letter. */
public class UnresolvedIdentityException extends RuntimeException {

    public UnresolvedIdentityException(String reason) {
        super(reason);
    }
}
