package io.github.lookernats.bridge.nats;

/** camel-nats endpoints on the bridge's shared connection. */
public final class NatsEndpoints {

    private NatsEndpoints() {}

    /**
     * A JetStream publish that waits for its ack, to the subject in {@code bridgeSubject}: used for dead letters, where
     * one message at a time is plenty (events go through {@link JetStreamPublisher}). {@code jetstreamAsync} is set
     * only because it is the one mode whose ack wait honours {@code requestTimeout}; Camel's own headers are filtered.
     */
    public static String jetStreamUri(NatsProperties properties) {
        return "nats:${exchangeProperty.bridgeSubject}"
                + "?connection=#natsConnection&jetstreamEnabled=true&jetstreamAsync=true"
                + "&requestTimeout=" + properties.publishTimeout().toMillis()
                + "&headerFilterStrategy=#natsHeaderFilterStrategy";
    }
}
