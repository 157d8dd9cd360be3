package io.github.lookernats.bridge.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Whether dead letters can be stored. A run whose dead letter could not be stored is lost unless someone notices:
 * besides the ERROR log line, this is DOWN (with the route and the error) from a failed store until the next one
 * succeeds, and {@code bridge_dead_letters_unstored_total} counts the failed attempts.
 */
@Component("deadLetters")
public class DeadLetterHealth extends AbstractHealthIndicator {

    private final Counter unstored;
    private volatile String lastFailure;
    private volatile String lastFailedRoute;
    private volatile Instant lastFailedAt;
    private volatile Instant lastStoredAt;

    public DeadLetterHealth(MeterRegistry meters) {
        this.unstored = Counter.builder("bridge.dead.letters.unstored")
                .description("Attempts to store a dead letter that failed (the run's input is not in the dead-letter stream)")
                .register(meters);
    }

    void stored() {
        lastStoredAt = Instant.now();
        lastFailure = null;
    }

    void failed(String route, Exception cause) {
        unstored.increment();
        lastFailedRoute = route;
        lastFailedAt = Instant.now();
        lastFailure = cause.toString();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("lastStoredAt", String.valueOf(lastStoredAt));
        String failure = lastFailure;
        if (failure == null) {
            builder.up();
        } else {
            builder.down().withDetail("lastFailedAt", String.valueOf(lastFailedAt))
                    .withDetail("route", String.valueOf(lastFailedRoute)).withDetail("error", failure);
        }
    }
}
