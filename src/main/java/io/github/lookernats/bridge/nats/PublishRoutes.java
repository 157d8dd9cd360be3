package io.github.lookernats.bridge.nats;

import io.github.lookernats.bridge.deadletter.ErrorHandlingConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Publishes the prepared message to JetStream and waits for its acknowledgement. The subject is in the exchange
 * property {@code bridgeSubject}; the headers are the event's own (ce-*, content-type, Nats-Msg-Id).
 */
@Component
public class PublishRoutes extends RouteBuilder {

    /** Route that publishes one prepared message. */
    public static final String PUBLISH = "direct:publish-event";

    private final NatsProperties properties;

    public PublishRoutes(NatsProperties properties) {
        this.properties = properties;
    }

    /**
     * camel-nats endpoint on the shared connection. {@code jetstreamAsync} is used only because it is the one mode
     * whose ack wait honours {@code requestTimeout}; the producer still waits for every ack.
     */
    public static String jetStreamUri(NatsProperties properties) {
        return "nats:${exchangeProperty.bridgeSubject}"
                + "?connection=#natsConnection&jetstreamEnabled=true&jetstreamAsync=true"
                + "&requestTimeout=" + properties.publishTimeout().toMillis()
                + "&headerFilterStrategy=#natsHeaderFilterStrategy";
    }

    @Override
    public void configure() {
        from(PUBLISH).routeId("publish-event").routeConfigurationId(ErrorHandlingConfiguration.PUBLISH_RETRIES)
                .toD(jetStreamUri(properties));
    }
}
