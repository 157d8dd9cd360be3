package io.github.lookernats.camel.looker.client;

import java.time.Duration;
import java.util.Optional;

/** Looker is rate limiting (429), failing (5xx) or unreachable: worth retrying, honouring {@code Retry-After}. */
public class LookerUnavailableException extends LookerApiException {

    private final Duration retryAfter;

    public LookerUnavailableException(int status, String message, Duration retryAfter, Throwable cause) {
        super(status, message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
