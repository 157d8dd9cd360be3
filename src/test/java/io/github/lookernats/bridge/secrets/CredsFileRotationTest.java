package io.github.lookernats.bridge.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.FreePorts;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsOperator;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The bridge's NATS creds file is replaced by one of another user in the middle of a 100,000-row run, against a
 * nats-server in operator (JWT) mode: the bridge (in its own JVM) reconnects as the new user, and every row is
 * stored exactly once.
 */
class CredsFileRotationTest {

    static final long ROWS = 100_000;
    static final String ROW_SUBJECT = "looker.thelook.rotation.row";
    static final String SUMMARY_SUBJECT = "looker.thelook.rotation.summary";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void credsFileRotatedMidRunReconnectsAsTheNewUserAndStoresEveryRowOnce() throws Exception {
        NatsOperator operator = new NatsOperator();
        NatsOperator.User first = operator.newUser("bridge-first");
        NatsOperator.User second = operator.newUser("bridge-second");
        NatsOperator.User probeUser = operator.newUser("probe");
        int monitorPort = FreePorts.next();
        List<String> config = new ArrayList<>(operator.serverConfig());
        config.add("http: \"127.0.0.1:" + monitorPort + "\"");
        Path directory = Files.createTempDirectory("creds-rotation-");
        Path creds = directory.resolve("nats.creds");
        Files.writeString(creds, first.creds());
        try (NatsTestServer nats = NatsTestServer.withConfig(config.toArray(String[]::new));
                LookerEmulator looker = LookerEmulator.start().rowCount("3", ROWS);
                JetStreamProbe probe = new JetStreamProbe(new Options.Builder().server(nats.url())
                        .authHandler(Nats.staticCredentials(probeUser.jwt().toCharArray(), probeUser.seed().toCharArray())).build())) {
            Process bridge = BridgeProcess.start(looker, nats.url(), List.of("-Xmx256m"),
                    BridgeProcess.lookRoute("rotation", "3", "rotation", 3),
                    List.of("--server.port=0", "--bridge.nats.creds-file=" + creds,
                            "--bridge.secrets.directory=" + directory.resolve("secrets"),
                            "--bridge.secrets.refresh-interval=200ms",
                            "--bridge.nats.publish-timeout=2s", "--bridge.dead-letter.retries=2",
                            "--bridge.dead-letter.retry-delay=200ms"), directory);
            try {
                Awaitility.await("rows flowing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> probe.count("LOOKER_EVENTS", ROW_SUBJECT) > 20_000);
                assertThat(bridgeUsers(monitorPort)).containsExactly(first.publicKey());

                replaceAtomically(creds, second.creds(), directory);

                Awaitility.await("the bridge connected as the new user").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> bridgeUsers(monitorPort).equals(List.of(second.publicKey())));
                long storedWhenSwitched = probe.count("LOOKER_EVENTS", ROW_SUBJECT);
                Awaitility.await("the run completes").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT) >= 1);

                assertThat(storedWhenSwitched).as("the switch came in the middle of the run").isLessThan(ROWS);
                assertThat(probe.count("LOOKER_EVENTS", ROW_SUBJECT)).as("every row exactly once").isEqualTo(ROWS);
                assertThat(probe.count("LOOKER_EVENTS", SUMMARY_SUBJECT)).isEqualTo(1);
                assertThat(bridgeUsers(monitorPort)).as("still the new user").containsExactly(second.publicKey());
                assertThat(Files.readString(BridgeProcess.log(directory)))
                        .contains("bridge.nats.creds-file changed")
                        .doesNotContain(first.seed()).doesNotContain(second.seed())
                        .doesNotContain(first.jwt()).doesNotContain(second.jwt());
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        } finally {
            TempFiles.deleteRecursively(directory);
        }
    }

    /** Replaces the file in one step, as Kubernetes swaps a mounted Secret: a reader sees the old or the new file. */
    private static void replaceAtomically(Path file, String content, Path directory) throws Exception {
        Path next = Files.createTempFile(directory, "next-", ".creds");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The users (public keys) of the server's connections named as the bridge names its own, from the monitoring endpoint. */
    private static List<String> bridgeUsers(int monitorPort) throws Exception {
        HttpResponse<String> connz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + monitorPort + "/connz?auth=true")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode connections = JSON.readTree(connz.body()).path("connections");
        return StreamSupport.stream(connections.spliterator(), false)
                .filter(connection -> "looker-nats-bridge".equals(connection.path("name").asText()))
                .map(connection -> connection.path("authorized_user").asText())
                .toList();
    }
}
