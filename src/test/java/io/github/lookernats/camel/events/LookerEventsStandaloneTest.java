package io.github.lookernats.camel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The looker-events component's own pipeline and its settings' failure paths, on a plain Camel context and a real
 * nats-server: each mistake stops the route's start with a message that names the setting.
 */
class LookerEventsStandaloneTest {

    private static final NatsTestServer NATS = NatsTestServer.start();

    @AfterAll
    static void stopNats() {
        NATS.close();
    }

    @Test
    void withoutServersOrAPipelineAPublishIsRefusedNamingTheSetting() throws Exception {
        try (DefaultCamelContext camel = contextPublishingFrom("direct:runs")) {
            camel.start();
            assertThatThrownBy(() -> camel.createProducerTemplate().requestBodyAndHeader("direct:runs", "x", "a", "b"))
                    .hasStackTraceContaining("send it the exchange of a looker endpoint");
            assertThat(camel.getComponent("looker-events", LookerEventsComponent.class).resolvePipeline()).isNull();
        }
    }

    @Test
    void aLookerUrlThatIsNoHttpUrlStopsTheStart() throws Exception {
        try (DefaultCamelContext camel = contextPublishingFrom("direct:runs")) {
            LookerEventsComponent events = camel.getComponent("looker-events", LookerEventsComponent.class);
            events.setServers(NATS.url());
            events.setLookerUrl("file:///etc/passwd");
            assertThatThrownBy(camel::start).hasStackTraceContaining("lookerUrl (or the looker component's baseUrl) "
                    + "must be one absolute http(s) URL");
        }
    }

    @Test
    void withStreamCreationOffAMissingStreamStopsTheStart() throws Exception {
        try (NatsTestServer empty = NatsTestServer.start(); DefaultCamelContext camel = contextPublishingFrom("direct:runs")) {
            LookerEventsComponent events = camel.getComponent("looker-events", LookerEventsComponent.class);
            events.setServers(empty.url());
            events.setLookerUrl("https://acme.looker.com");
            events.setCreateStreams(false);
            assertThatThrownBy(camel::start)
                    .hasStackTraceContaining("stream LOOKER_EVENTS does not exist and stream creation is off");
        }
    }

    @Test
    void itsOwnPipelineCreatesTheBridgesStreamsAndClosesItsConnectionWithCamel() throws Exception {
        DefaultCamelContext camel = contextPublishingFrom("direct:runs");
        LookerEventsComponent events = camel.getComponent("looker-events", LookerEventsComponent.class);
        events.setServers(NATS.url());
        events.setLookerUrl("https://acme.looker.com");
        events.setStreamReplicas(1);
        camel.start();
        try (Connection nats = Nats.connect(NATS.url())) {
            assertThat(nats.jetStreamManagement().getStreamNames())
                    .contains("LOOKER_EVENTS", "LOOKER_DEAD_LETTERS", "LOOKER_AUDIT");
            assertThat(nats.jetStreamManagement().getStreamInfo("LOOKER_AUDIT").getConfiguration().getDenyDelete())
                    .as("the audit trail is append-only").isTrue();
            assertThat(nats.objectStoreManagement().getBucketNames()).contains("LOOKER_DEAD_LETTER_PAYLOADS");
        }
        assertThat(events.resolvePipeline()).isInstanceOf(OwnPipeline.class);
        camel.close();
        assertThat(events.getPipeline()).as("its own pipeline goes with its connection").isNull();
    }

    @Test
    void aStreamThatExistsKeepsItsSettings() throws Exception {
        try (NatsTestServer server = NatsTestServer.start(); Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder().name("LOOKER_EVENTS")
                    .subjects("looker.>").maxAge(java.time.Duration.ofDays(1)).build());
            try (DefaultCamelContext camel = contextPublishingFrom("direct:runs")) {
                LookerEventsComponent events = camel.getComponent("looker-events", LookerEventsComponent.class);
                events.setServers(server.url());
                events.setLookerUrl("https://acme.looker.com");
                camel.start();
            }
            assertThat(nats.jetStreamManagement().getStreamInfo("LOOKER_EVENTS").getConfiguration().getMaxAge())
                    .as("the operator's stream, not rewritten to the component's defaults").isEqualTo(java.time.Duration.ofDays(1));
            assertThat(nats.jetStreamManagement().getStreamNames()).contains("LOOKER_DEAD_LETTERS", "LOOKER_AUDIT");
        }
    }

    private static DefaultCamelContext contextPublishingFrom(String uri) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to(LookerEventsComponent.PUBLISH_URI);
            }
        });
        return camel;
    }
}
