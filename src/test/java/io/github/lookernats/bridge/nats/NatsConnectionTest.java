package io.github.lookernats.bridge.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.secrets.SecretFiles;
import io.github.lookernats.bridge.secrets.SecretProperties;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.github.lookernats.bridge.support.FreePorts;
import io.nats.client.NKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import tools.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

/** The shared connection's auth options and stream provisioning, against real nats-servers. */
class NatsConnectionTest {

    /** No secret files: every auth setting comes from the properties, as without a mounted Secret. One per test, as one per application. */
    private final SecretFiles secrets = new SecretFiles(new SecretProperties(Path.of("/nonexistent-bridge-secrets"),
            Duration.ofSeconds(10), Duration.ZERO));

    @AfterEach
    void stopSecretFiles() {
        secrets.destroy();
    }

    @Test
    void tokenAuthConnectsAndCreatesBothStreams() throws Exception {
        try (NatsTestServer server = NatsTestServer.withConfig("authorization { token: \"s3cret\" }");
                Connection connection = connect(server, Map.of("token", "s3cret"))) {
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(connection.getConnectedUrl()).isNotNull();
            JetStreamManagement jsm = connection.jetStreamManagement();
            assertThat(jsm.getStreamInfo("LOOKER_EVENTS").getConfiguration().getSubjects()).containsExactly("looker.>");
            assertThat(jsm.getStreamInfo("LOOKER_DEAD_LETTERS").getConfiguration().getSubjects()).containsExactly("looker-dlq.>");
            assertThat(jsm.getStreamInfo("LOOKER_EVENTS").getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        }
    }

    @Test
    void userAndPasswordAuthConnects() throws Exception {
        try (NatsTestServer server = NatsTestServer.withConfig(
                        "authorization { users = [ { user: bridge, password: \"pw\" } ] }");
                Connection connection = connect(server, Map.of("username", "bridge", "password", "pw"))) {
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }

    @Test
    void healthShowsTheServerWithoutTheUserAndPasswordOfItsUrl() throws Exception {
        try (NatsTestServer server = NatsTestServer.withConfig(
                        "authorization { users = [ { user: bridge, password: \"pw-in-url-42\" } ] }")) {
            String url = server.url().replace("nats://", "nats://bridge:pw-in-url-42@");
            NatsProperties properties = properties(server, Map.of("servers", url));
            StreamProvisioner provisioner = new StreamProvisioner(properties);
            try (Connection connection = new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), provisioner, secrets)) {
                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);

                Health health = new NatsHealthIndicator(connection, provisioner, properties).health(true);

                assertThat(health.getDetails().toString()).doesNotContain("pw-in-url-42").contains("***@");
            }
        }
        assertThat(NatsUrls.masked("nats://user:pass@host:4222")).isEqualTo("nats://***@host:4222");
        assertThat(NatsUrls.masked("tls://token@host")).isEqualTo("tls://***@host");
        assertThat(NatsUrls.masked("nats://host:4222")).isEqualTo("nats://host:4222");
    }

    @Test
    void aChangedNkeyFileReconnectsAsTheOtherUser() throws Exception {
        NKey first = NKey.createUser(new SecureRandom());
        NKey second = NKey.createUser(new SecureRandom());
        int monitorPort = FreePorts.next();
        Path seed = Files.createTempFile("bridge-nkey-", ".nk");
        Files.writeString(seed, new String(first.getSeed()) + "\n");
        SecretFiles quick = new SecretFiles(new SecretProperties(Path.of("/nonexistent-bridge-secrets"),
                Duration.ofMillis(100), Duration.ZERO));
        try (NatsTestServer server = NatsTestServer.withConfig("authorization { users = [ { nkey: " + new String(first.getPublicKey())
                        + " }, { nkey: " + new String(second.getPublicKey()) + " } ] }", "http: \"127.0.0.1:" + monitorPort + "\"");
                Connection connection = new NatsConfiguration().natsConnection(properties(server, Map.of("nkey-file", seed.toString())),
                        new DefaultSslBundleRegistry(), new StreamProvisioner(properties(server, Map.of())), quick)) {
            assertThat(connectedUsers(monitorPort)).containsExactly(new String(first.getPublicKey()));

            Files.writeString(seed, new String(second.getSeed()) + "\n");

            Awaitility.await("reconnected as the second user").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> connectedUsers(monitorPort).equals(List.of(new String(second.getPublicKey()))));
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        } finally {
            quick.destroy();
            Files.deleteIfExists(seed);
        }
    }

    @Test
    void wrongTokenLeavesTheBridgeRunningButDisconnected() throws Exception {
        try (NatsTestServer server = NatsTestServer.withConfig("authorization { token: \"s3cret\" }");
                Connection connection = connect(server, Map.of("token", "wrong", "connect-timeout", "1s"))) {
            assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
        }
    }

    @Test
    void existingStreamIsBroughtInLineWithTheConfiguration() throws Exception {
        try (NatsTestServer server = NatsTestServer.start();
                Connection setup = io.nats.client.Nats.connect(server.url())) {
            setup.jetStreamManagement().addStream(StreamConfiguration.builder().name("LOOKER_EVENTS")
                    .subjects("looker.>").duplicateWindow(Duration.ofSeconds(30)).build());
            try (Connection connection = connect(server, Map.of("streams.events.duplicate-window", "10m"))) {
                assertThat(connection.jetStreamManagement().getStreamInfo("LOOKER_EVENTS").getConfiguration()
                        .getDuplicateWindow()).isEqualTo(Duration.ofMinutes(10));
            }
        }
    }

    @Test
    void aSizeLimitDropsOldEventsButMakesTheAuditTrailRefuseNewRecords() throws Exception {
        try (NatsTestServer server = NatsTestServer.start();
                Connection connection = connect(server, Map.of("streams.events.max-bytes", "64MB",
                        "streams.audit.max-bytes", "8MB"))) {
            StreamConfiguration events = connection.jetStreamManagement().getStreamInfo("LOOKER_EVENTS").getConfiguration();
            StreamConfiguration audit = connection.jetStreamManagement().getStreamInfo("LOOKER_AUDIT").getConfiguration();
            assertThat(events.getMaxBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(events.getDiscardPolicy()).isEqualTo(io.nats.client.api.DiscardPolicy.Old);
            assertThat(audit.getMaxBytes()).isEqualTo(8L * 1024 * 1024);
            assertThat(audit.getDiscardPolicy()).isEqualTo(io.nats.client.api.DiscardPolicy.New);
            assertThat(audit.getDenyDelete()).isTrue();
            assertThat(audit.getDenyPurge()).isTrue();
        }
    }

    @Test
    void missingStreamsAreReportedWhenCreationIsSwitchedOff() throws Exception {
        try (NatsTestServer server = NatsTestServer.start()) {
            NatsProperties properties = properties(server, Map.of("streams.create", "false"));
            StreamProvisioner provisioner = new StreamProvisioner(properties);
            assertThatThrownBy(() -> new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), provisioner, secrets))
                    .hasMessageContaining("stream LOOKER_EVENTS does not exist and stream creation is off (bridge.nats.streams.create=false)");
        }
    }

    /** The users of the bridge's connections, as the server's monitoring endpoint reports them. */
    private static List<String> connectedUsers(int monitorPort) throws Exception {
        HttpResponse<String> connz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + monitorPort + "/connz?auth=true")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> users = new ArrayList<>();
        new ObjectMapper().readTree(connz.body()).path("connections").forEach(connection -> {
            if ("looker-nats-bridge".equals(connection.path("name").asText())) {
                users.add(connection.path("authorized_user").asText());
            }
        });
        return users;
    }

    private Connection connect(NatsTestServer server, Map<String, String> settings) throws Exception {
        NatsProperties properties = properties(server, settings);
        return new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), new StreamProvisioner(properties), secrets);
    }

    private static NatsProperties properties(NatsTestServer server, Map<String, String> settings) {
        Map<String, String> source = new HashMap<>();
        source.put("bridge.nats.servers", server.url());
        settings.forEach((key, value) -> source.put("bridge.nats." + key, value));
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("bridge.nats", NatsProperties.class);
    }
}
