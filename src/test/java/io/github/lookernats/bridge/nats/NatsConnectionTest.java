package io.github.lookernats.bridge.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

/** The shared connection's auth options and stream provisioning, against real nats-servers. */
class NatsConnectionTest {

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
            try (Connection connection = new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), provisioner)) {
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
    void missingStreamsAreReportedWhenCreationIsSwitchedOff() throws Exception {
        try (NatsTestServer server = NatsTestServer.start()) {
            NatsProperties properties = properties(server, Map.of("streams.create", "false"));
            StreamProvisioner provisioner = new StreamProvisioner(properties);
            assertThatThrownBy(() -> new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), provisioner))
                    .hasMessageContaining("stream LOOKER_EVENTS does not exist and bridge.nats.streams.create=false");
        }
    }

    private static Connection connect(NatsTestServer server, Map<String, String> settings) throws Exception {
        NatsProperties properties = properties(server, settings);
        return new NatsConfiguration().natsConnection(properties, new DefaultSslBundleRegistry(), new StreamProvisioner(properties));
    }

    private static NatsProperties properties(NatsTestServer server, Map<String, String> settings) {
        Map<String, String> source = new HashMap<>();
        source.put("bridge.nats.servers", server.url());
        settings.forEach((key, value) -> source.put("bridge.nats." + key, value));
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("bridge.nats", NatsProperties.class);
    }
}
