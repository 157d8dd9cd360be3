package io.github.lookernats.bridge.deadletter;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a failure that is not Looker's (a NATS publish that got no ack, for example) is given up and dead-lettered.
 * Looker's own failures follow {@code bridge.looker.retry}. The dead-letter stream is {@code bridge.nats.streams.dead-letter}.
 *
 * @param retries retries of a JetStream publish (events and dead letters) before it counts as failed
 * @param retryDelay delay before the first retry; doubles each time
 * @param maxInlineSize a dead letter larger than this is stored in the object store
 *     ({@code bridge.nats.streams.dead-letter-payloads}) and the message refers to it; keep it below the server's
 *     {@code max_payload} (1 MB by default)
 * @param adminToken bearer token for the dead-letter admin endpoints ({@code /admin/dead-letters}, on the management
 *     port only); off while unset. Needs {@code management.server.port} set to a port of its own, or start-up stops
 */
@Validated
@ConfigurationProperties("bridge.dead-letter")
public record DeadLetterProperties(
        @DefaultValue("3") @Min(0) int retries,
        @DefaultValue("1s") @NotNull Duration retryDelay,
        @DefaultValue("512KB") @NotNull DataSize maxInlineSize,
        String adminToken) {}
