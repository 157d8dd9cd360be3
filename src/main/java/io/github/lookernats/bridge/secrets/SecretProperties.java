package io.github.lookernats.bridge.secrets;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Secrets read from files and rotated without a restart (docs/rotation.md).
 *
 * @param directory where secret files named after their variables live ({@code LOOKER_WEBHOOK_TOKEN}, ...): the
 *     mounted Kubernetes Secret. A file there is the secret's source and is re-read when it changes; a secret
 *     without a file keeps the value it was started with
 * @param refreshInterval how often the secret files (and the NATS creds or NKey file) are checked for changes
 * @param gracePeriod how long the webhook token and the action hub secret that were replaced are still accepted,
 *     so Looker and the bridge need not switch at the same moment; 0 accepts only the new one
 */
@Validated
@ConfigurationProperties("bridge.secrets")
public record SecretProperties(
        @DefaultValue("/etc/looker-nats-bridge/secrets") @NotNull Path directory,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 100, message = "must be at least 100ms")
        @DurationMax(hours = 1, message = "must be at most 1h: a changed secret would wait that long") Duration refreshInterval,
        @DefaultValue("10m") @NotNull @DurationMin(seconds = 0, message = "must not be negative")
        @DurationMax(hours = 24, message = "must be at most 24h: a replaced secret stays valid that long") Duration gracePeriod) {}
