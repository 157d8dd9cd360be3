package io.github.lookernats.camel.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.camel.looker.LookerConsumer;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A route made of the two Kamelets runs in the bridge: the Look's rows and summary reach JetStream. */
@SpringBootTest(classes = io.github.lookernats.bridge.BridgeApplication.class)
@DirtiesContext
class KameletRunTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("camel.main.routes-include-pattern", () -> "classpath:kamelet-routes/kamelets.camel.yaml");
        registry.add("bridge.routes.allowed-schemes", () -> "kamelet");
    }

    @Autowired
    CamelContext camel;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
    }

    @Test
    void aPipeFromLookerSourceToLookerEventsSinkPublishesTheLook() {
        LookerConsumer source = null;
        for (Route route : camel.getRoutes()) {
            if (route.getConsumer() instanceof LookerConsumer consumer) {
                source = consumer; // the looker-source Kamelet's route
            }
        }
        assertThat(source).as("the looker-source Kamelet made a looker route").isNotNull();

        assertThat(source.run(Map.of()).getException()).isNull();

        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.via_kamelets.row")).isEqualTo(5);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.via_kamelets.summary")).isEqualTo(1);
    }
}
