package io.github.lookernats.bridge.nats;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bridge's one shared NATS connection and the JetStream streams it publishes to.
 *
 * @param servers NATS server URLs, e.g. {@code nats://nats-1:4222}
 * @param connectionName name shown by {@code nats server report connections}
 * @param token auth token (choose at most one of token, username/password, nkeySeed, credsFile)
 * @param username user name for user/password auth
 * @param password password for user/password auth
 * @param nkeySeed NKey seed ({@code SU...}) for NKey auth
 * @param nkeyFile path of a file holding an NKey seed, for NKey auth that can be rotated: the file is read at every
 *     connect, and the bridge reconnects when it changes
 * @param credsFile path of a {@code .creds} file (JWT + NKey) for decentralised auth; read at every connect, and the
 *     bridge reconnects when it changes
 * @param tls TLS settings
 * @param connectTimeout how long start-up waits for the first connection before continuing disconnected
 * @param publishTimeout how long a JetStream publish waits for its acknowledgement
 * @param pingInterval how often the connection is checked; one that leaves two pings unanswered is dropped and
 *     re-established (with jnats' defaults, 2-minute pings, a wedged connection holds every publish for 4 to 6 minutes)
 * @param maxInFlight most events published and still waiting for their ack, across all runs; reading a result
 *     pauses while the window is full
 * @param streams the JetStream streams for events and dead letters
 */
@Validated
@ConfigurationProperties("bridge.nats")
public record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") @NotEmpty List<@NotBlank String> servers,
        @DefaultValue("looker-nats-bridge") @NotBlank String connectionName,
        String token,
        String username,
        String password,
        String nkeySeed,
        String nkeyFile,
        String credsFile,
        @DefaultValue("_INBOX_BRIDGE") @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9_-]+") String inboxPrefix,
        @DefaultValue @Valid @NotNull Tls tls,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("5s") @NotNull Duration publishTimeout,
        @DefaultValue("15s") @NotNull @DurationMin(seconds = 1) Duration pingInterval,
        @DefaultValue("512") @Min(1) int maxInFlight,
        @DefaultValue @Valid @NotNull Streams streams) {

    /**
     * @param enabled connect with TLS using the JVM's default trust store
     * @param bundle name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) to use instead; implies TLS
     */
    public record Tls(@DefaultValue("false") boolean enabled, String bundle) {}

    /**
     * @param create create the streams at start-up when missing, and update them when their settings differ;
     *     switch off where the bridge may not manage streams
     * @param events the stream that stores row and summary events
     * @param deadLetter the stream that stores dead letters
     * @param audit the stream that stores the audit trail: deliveries, credential grants and admin actions
     * @param deadLetterPayloads object store bucket for dead letters too large for one NATS message
     */
    public record Streams(
            @DefaultValue("true") boolean create,
            @Valid Stream events,
            @Valid Stream deadLetter,
            @Valid Stream audit,
            @DefaultValue("LOOKER_DEAD_LETTER_PAYLOADS") @NotBlank String deadLetterPayloads) {

        public Streams {
            events = Stream.completed(events, "LOOKER_EVENTS", "looker", Duration.ofDays(7));
            deadLetter = Stream.completed(deadLetter, "LOOKER_DEAD_LETTERS", "looker-dlq", Duration.ofDays(30));
            // long enough for a yearly SOC 2 review period plus its reporting time
            audit = Stream.completed(audit, "LOOKER_AUDIT", "looker-audit", Duration.ofDays(400));
        }

        /** The streams the bridge writes to: events, dead letters and the audit trail. */
        public java.util.List<Stream> own() {
            return java.util.List.of(events, deadLetter, audit);
        }
    }

    /**
     * @param name stream name
     * @param subjectPrefix the stream captures {@code <subjectPrefix>.>}
     * @param maxAge how long messages are kept
     * @param duplicateWindow JetStream de-duplication window for {@code Nats-Msg-Id}
     * @param replicas stream replicas (1 for a single server, 3 for a cluster)
     * @param storage {@code file} or {@code memory}
     * @param maxBytes most bytes the stream keeps, unset for no limit. Full, the event and dead-letter streams drop
     *     their oldest messages; the audit stream refuses new records instead, so runs and pushes fail (retryably)
     *     rather than lose their trail: alert on its growth
     */
    public record Stream(
            @NotBlank String name,
            @NotBlank String subjectPrefix,
            @NotNull Duration maxAge,
            @DefaultValue("2m") @NotNull Duration duplicateWindow,
            @DefaultValue("1") @Min(1) int replicas,
            @DefaultValue("file") @NotBlank String storage,
            org.springframework.util.unit.DataSize maxBytes) {

        /** Fills what the configuration left out with the defaults of that stream. */
        static Stream completed(Stream given, String name, String subjectPrefix, Duration maxAge) {
            if (given == null) {
                return new Stream(name, subjectPrefix, maxAge, Duration.ofMinutes(2), 1, "file", null);
            }
            return new Stream(given.name() != null ? given.name() : name,
                    given.subjectPrefix() != null ? given.subjectPrefix() : subjectPrefix,
                    given.maxAge() != null ? given.maxAge() : maxAge,
                    given.duplicateWindow(), given.replicas(), given.storage(), given.maxBytes());
        }

        /** The limit in bytes, or -1 for none (JetStream's value for unlimited). */
        public long maxBytesOrUnlimited() {
            return maxBytes == null ? -1 : maxBytes.toBytes();
        }

        @AssertTrue(message = "max-bytes must be positive")
        public boolean isMaxBytesPositive() {
            return maxBytes == null || maxBytes.toBytes() > 0;
        }

        @AssertTrue(message = "storage must be 'file' or 'memory'")
        public boolean isStorageKnown() {
            return "file".equalsIgnoreCase(storage) || "memory".equalsIgnoreCase(storage);
        }
    }

    @AssertTrue(message = "choose at most one NATS auth method: token, username/password, nkey-seed, nkey-file or creds-file")
    public boolean isSingleAuthMethod() {
        return java.util.stream.Stream.of(token, username, nkeySeed, nkeyFile, credsFile).filter(v -> v != null && !v.isBlank()).count() <= 1;
    }

    @AssertTrue(message = "username and password go together")
    public boolean isUserPasswordComplete() {
        return (username == null || username.isBlank()) == (password == null || password.isBlank());
    }
}
