package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path routes = Files.createTempFile("large-", ".camel.yaml");
        Files.writeString(routes, """
                - templatedRoute:
                    routeTemplateRef: looker-poll
                    routeId: large-look
                    parameters:
                      - { name: lookId, value: "3" }
                      - { name: limit, value: "-1" }
                      - { name: explore, value: large }
                      - { name: cron, value: "0/5 * * * * ?" }
                """);
        Path log = Files.createTempFile("bridge-", ".log");
        try (NatsTestServer nats = NatsTestServer.start();
                LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS);
                JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            Process bridge = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", testClasspath(),
                    BridgeApplication.class.getName(),
                    "--server.port=0",
                    "--bridge.looker.base-url=" + looker.baseUrl(),
                    "--bridge.looker.client-id=" + looker.clientId(),
                    "--bridge.looker.client-secret=" + looker.clientSecret(),
                    "--bridge.nats.servers=" + nats.url(),
                    "--camel.main.routes-include-pattern=file:" + routes))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                probe.awaitCount("LOOKER_EVENTS", "looker.thelook.large.summary", 1, Duration.ofMinutes(4));
                assertThat(bridge.isAlive()).as("bridge still running; log: %s", log).isTrue();
                assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.large.row")).isEqualTo(ROWS);
                JsonNode summary = new ObjectMapper().readTree(
                        probe.messages("LOOKER_EVENTS", "looker.thelook.large.summary").get(0).getData());
                assertThat(summary.path("rowCount").asLong()).isEqualTo(ROWS);
                assertThat(summary.path("status").asText()).isEqualTo("complete");
                assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        }
    }

    /** Surefire's class path (it may be a manifest-only jar, which also works on -cp). */
    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
    }
}
