package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Real processes fail in the middle of a 100,000-row run: the nats-server is killed and restarted, or the bridge
 * (in its own JVM) is killed with SIGKILL and started again. Each time every row ends up in JetStream exactly once.
 */
class FaultToleranceTest {

    static final long ROWS = 100_000;
    static final String ROW_SUBJECT = "looker.thelook.faults.row";
    static final String SUMMARY_SUBJECT = "looker.thelook.faults.summary";

    @Test
    void natsServerKilledMidRunAndRestartedLosesNothingAndStoresNothingTwice() throws Exception {
        Path store = Files.createTempDirectory("faults-js-");
        int port = freePort();
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
                    Awaitility.await("a complete run after the restart").atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(250)).until(() -> probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT) >= 1);
                    assertThat(probe.count("LOOKER_EVENTS", ROW_SUBJECT)).as("every row exactly once").isEqualTo(ROWS);
                    assertThat(probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT)).isEqualTo(1);
                }
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        } finally {
            nats.close();
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

    private static Process startBridge(LookerEmulator looker, String natsUrl) throws Exception {
        return BridgeProcess.start(looker, natsUrl, List.of("-Xmx256m"), BridgeProcess.lookRoute("faults", "3", "faults", 3),
                List.of("--server.port=0", "--bridge.nats.publish-timeout=2s", "--bridge.dead-letter.retries=2",
                        "--bridge.dead-letter.retry-delay=200ms"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
