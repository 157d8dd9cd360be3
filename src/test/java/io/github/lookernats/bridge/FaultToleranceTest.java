package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.FreePorts;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import tools.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Real processes fail in the middle of a 100,000-row run: the nats-server is killed and restarted, or frozen, or the
 * bridge (in its own JVM) is killed with SIGKILL and started again. Each time every row ends up in JetStream exactly
 * once.
 */
class FaultToleranceTest {

    static final long ROWS = 100_000;
    static final String ROW_SUBJECT = "looker.thelook.faults.row";
    static final String SUMMARY_SUBJECT = "looker.thelook.faults.summary";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void natsServerKilledMidRunAndRestartedLosesNothingAndStoresNothingTwice() throws Exception {
        Path store = Files.createTempDirectory("faults-js-");
        int port = FreePorts.next();
        NatsTestServer nats = NatsTestServer.restartable(port, store);
        try (LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS)) {
            Process bridge = startBridge(looker, nats.url());
            try {
                try (JetStreamProbe probe = new JetStreamProbe(nats.url())) {
                    Awaitility.await("rows flowing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                            .until(() -> probe.count("LOOKER_EVENTS", ROW_SUBJECT) > 20_000);
                }
                nats.close();                                   // killed in the middle of the run
                nats = NatsTestServer.restartable(port, store); // and back, with its stored streams
                try (JetStreamProbe probe = new JetStreamProbe(nats.url())) {
                    assertACompleteRunWithEveryRowOnce(probe, "a complete run after the restart");
                }
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        } finally {
            nats.close();
            TempFiles.deleteRecursively(store);
        }
    }

    @Test
    void bridgeKilledWithSigkillMidRunAndRestartedCompletesWithoutDuplicates() throws Exception {
        try (NatsTestServer nats = NatsTestServer.start();
                LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS);
                JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            Process first = startBridge(looker, nats.url());
            Awaitility.await("rows flowing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> probe.count("LOOKER_EVENTS", ROW_SUBJECT) > 20_000);
            first.destroyForcibly().waitFor();                  // SIGKILL: no shutdown hooks, no drain
            long storedBeforeRestart = probe.count("LOOKER_EVENTS", ROW_SUBJECT);
            assertThat(probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT)).isZero();

            Process second = startBridge(looker, nats.url());
            try {
                Awaitility.await("the next run completes").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT) >= 1);
                assertThat(storedBeforeRestart).isLessThan(ROWS);
                assertThat(probe.count("LOOKER_EVENTS", ROW_SUBJECT)).as("no row stored twice").isEqualTo(ROWS);
                assertThat(probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT)).isEqualTo(1);
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringIsDroppedAndTheRunStillEndsWithEveryRowOnce() throws Exception {
        int httpPort = FreePorts.next();
        try (NatsTestServer nats = NatsTestServer.start();
                LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS);
                JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            Process bridge = startBridge(looker, nats.url(), "--server.port=" + httpPort, "--bridge.nats.ping-interval=1s");
            try {
                Awaitility.await("rows flowing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> probe.count("LOOKER_EVENTS", ROW_SUBJECT) > 20_000);
                assertThat(natsStatus(httpPort)).isEqualTo("CONNECTED");
                nats.pause();                                  // the connection stays open, nothing is answered
                try {
                    Awaitility.await("unanswered pings drop the connection").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> List.of("DISCONNECTED", "RECONNECTING").contains(natsStatus(httpPort)));
                } finally {
                    nats.resume();
                }
                assertACompleteRunWithEveryRowOnce(probe, "a complete run after the server answers again");
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        }
    }

    /** Waits for a run's summary, then checks that the stream holds every row exactly once and one summary. */
    private static void assertACompleteRunWithEveryRowOnce(JetStreamProbe probe, String what) {
        Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT) >= 1);
        assertThat(probe.count("LOOKER_EVENTS", ROW_SUBJECT)).as("every row exactly once").isEqualTo(ROWS);
        assertThat(probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT)).isEqualTo(1);
    }

    /** The {@code status} detail of the bridge's nats health: CONNECTED, RECONNECTING, ...; empty while it starts. */
    private static String natsStatus(int httpPort) {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(health.body()).at("/components/nats/details/status").asText("");
        } catch (Exception notUpYet) {
            return "";
        }
    }

    private static Process startBridge(LookerEmulator looker, String natsUrl, String... settings) throws Exception {
        // a setting given twice on Spring's command line becomes a list: the test's settings replace the defaults
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String argument : List.of("--server.port=0", "--bridge.nats.publish-timeout=2s", "--bridge.dead-letter.retries=2",
                "--bridge.dead-letter.retry-delay=200ms")) {
            arguments.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        for (String setting : settings) {
            arguments.put(setting.substring(0, setting.indexOf('=')), setting);
        }
        return BridgeProcess.start(looker, natsUrl, List.of("-Xmx256m"), BridgeProcess.lookRoute("faults", "3", "faults", 3),
                List.copyOf(arguments.values()));
    }
}
