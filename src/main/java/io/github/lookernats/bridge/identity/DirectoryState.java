package io.github.lookernats.bridge.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The identity provider as the bridge last found it, recorded from the lookups runs make: health and the
 * {@code bridge_identity_provider_up} gauge read this, so a probe never turns into a call to the provider.
 */
public final class DirectoryState implements Directory {

    private final Directory directory;
    private final Clock clock;
    private volatile Instant lastAnswerAt;
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;

    public DirectoryState(Directory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        try {
            Optional<DirectoryUser> user = directory.findByEmail(email);
            lastAnswerAt = clock.instant();
            lastFailure = null;
            return user;
        } catch (IdentityUnavailableException e) {
            lastFailureAt = clock.instant();
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /** 1 when the last lookup was answered, 0 when it failed, -1 before the first. */
    public int up() {
        return lastFailure != null ? 0 : lastAnswerAt != null ? 1 : -1;
    }

    public Instant lastAnswerAt() {
        return lastAnswerAt;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    /** Why the last lookup failed, or null when it was answered. */
    public String lastFailure() {
        return lastFailure;
    }
}
