package io.github.lookernats.camel.nats;

import java.time.Duration;

/**
 * How events are published to JetStream. The bridge application makes these from {@code bridge.nats.*} and
 * {@code bridge.dead-letter.*}; the {@code looker-events} component from its own options.
 *
 * @param maxInFlight most events published and still waiting for their ack, across all runs
 * @param publishTimeout how long one publish waits for its acknowledgement
 * @param retries publishes of an event again after a failed or missing ack, before it counts as failed
 * @param retryDelay delay before the first such retry; it doubles each time, up to 30 seconds
 */
public record PublishSettings(int maxInFlight, Duration publishTimeout, int retries, Duration retryDelay) {

    /** The bridge's defaults. */
    public static final PublishSettings DEFAULT = new PublishSettings(512, Duration.ofSeconds(5), 3, Duration.ofSeconds(1));

    public PublishSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (publishTimeout == null || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, not " + publishTimeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
        if (retryDelay == null || retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must be 0 or more, not " + retryDelay);
        }
    }
}
