package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-row Look (about 27 MB of JSON) goes through a bridge running in its own JVM with a 128 MB heap: the
 * result is streamed, never held whole. Every row and the summary must land in JetStream.
 */
class LargeResultSmallHeapTest {

    static final long ROWS = 100_000;

    @Test
    void hundredThousandRowsFlowThroughA128MegabyteHeap() throws Exception {
        try (NatsTestServer nats = NatsTestServer.start();
                LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS);
                JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            Process bridge = BridgeProcess.start(looker, nats.url(), List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"),
                    BridgeProcess.lookRoute("large-look", "3", "large", 5), List.of("--server.port=0"));
            try {
                probe.awaitCount("LOOKER_EVENTS", "looker.thelook.large.summary", 1, Duration.ofMinutes(4));
                assertThat(bridge.isAlive()).as("bridge still running (no OutOfMemoryError exit)").isTrue();
                assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.large.row")).isEqualTo(ROWS);
                JsonNode summary = new ObjectMapper().readTree(
                        probe.messages("LOOKER_EVENTS", "looker.thelook.large.summary").get(0).getData());
                assertThat(summary.path("rowCount").asLong()).isEqualTo(ROWS);
                assertThat(summary.path("status").asText()).isEqualTo("complete");
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        }
    }

}
