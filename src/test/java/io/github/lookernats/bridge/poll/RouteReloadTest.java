package io.github.lookernats.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.RouteRuns;
import io.github.lookernats.bridge.support.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A route file changes under the running bridge, as a ConfigMap does: a good change replaces its routes, a broken
 * one is refused while the routes keep running and health says why, a new file adds routes and a deleted one
 * removes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@DirtiesContext
class RouteReloadTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROUTES = TempFiles.createDirectory("reload-routes");
    static final Duration WAIT = Duration.ofSeconds(20);

    static {
        write("team.camel.yaml", route("team-look", "before"));
    }

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        registry.add("bridge.routes.reload.enabled", () -> "true");
        registry.add("bridge.routes.reload.interval", () -> "200ms");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    TestRestTemplate http;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.close();
        LOOKER.close();
        NATS.close();
        TempFiles.deleteRecursively(ROUTES);
    }

    @Test
    void goodChangesAreAppliedAndABrokenOneIsRefusedWhileTheRoutesKeepRunning() throws Exception {
        assertThat(camel.getRoute("team-look")).isNotNull();
        assertThat(routeFiles().path("status").asString()).isEqualTo("UP");

        // a good change: the route is replaced, and runs as the file now says
        write("team.camel.yaml", route("team-look-v2", "after"));
        Awaitility.await().atMost(WAIT).until(() -> camel.getRoute("team-look-v2") != null);
        assertThat(camel.getRoute("team-look")).as("the old route of the file is gone").isNull();
        RouteRuns.runOnce(camel, "team-look-v2");
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.after.row")).isEqualTo(5);

        // a broken change: refused, named in health, and the running route goes on
        write("team.camel.yaml", route("team-look-v3", "broken").replace("to: looker-events:publish", "to: http://example.com/steal"));
        Awaitility.await().atMost(WAIT).until(() -> routeFiles().path("status").asString().equals("DOWN"));
        assertThat(routeFiles().at("/details/problems").toString()).contains("team.camel.yaml", "'http'", "reaches outside the bridge");
        assertThat(camel.getRoute("team-look-v3")).isNull();
        assertThat(camel.getRouteController().getRouteStatus("team-look-v2").isStarted()).isTrue();
        RouteRuns.runOnce(camel, "team-look-v2");
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.after.summary")).isEqualTo(1);

        // an endpoint mistake only Camel sees is refused the same way
        write("team.camel.yaml", route("team-look-v3", "typo").replace("explore: typo", "explore: typo, lookid: 2"));
        Awaitility.await().atMost(WAIT).until(() -> routeFiles().at("/details/problems").toString().contains("lookid"));
        assertThat(camel.getRoute("team-look-v3")).isNull();

        // mended: applied, and health is UP again
        write("team.camel.yaml", route("team-look-v3", "mended"));
        Awaitility.await().atMost(WAIT).until(() -> camel.getRoute("team-look-v3") != null);
        assertThat(routeFiles().path("status").asString()).isEqualTo("UP");

        // a new file adds its routes, and deleting it removes them
        write("other.camel.yaml", route("other-look", "other"));
        Awaitility.await().atMost(WAIT).until(() -> camel.getRoute("other-look") != null);
        Files.delete(ROUTES.resolve("other.camel.yaml"));
        Awaitility.await().atMost(WAIT).until(() -> camel.getRoute("other-look") == null);
        assertThat(camel.getRoute("team-look-v3")).as("the other file's route stays").isNotNull();
    }

    private JsonNode routeFiles() {
        return JSON.readTree(http.getForEntity("/actuator/health", String.class).getBody()).at("/components/routeFiles");
    }

    private static String route(String id, String explore) {
        return """
                - route:
                    id: %s
                    routeConfigurationId: bridge-errors
                    from:
                      uri: looker:look:1
                      parameters: { explore: %s, cron: "0 0 0 1 1 ? 2099" }
                      steps:
                        - to: looker-events:publish
                """.formatted(id, explore);
    }

    private static void write(String name, String content) {
        try {
            // as a ConfigMap volume does: the new file replaces the old one at once
            Path next = Files.writeString(ROUTES.resolve("." + name + ".next"), content);
            Files.move(next, ROUTES.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
