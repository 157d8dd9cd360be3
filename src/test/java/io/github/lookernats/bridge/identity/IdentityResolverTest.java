package io.github.lookernats.bridge.identity;

import io.github.lookernats.camel.run.Identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.looker.client.LookerClient;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.looker.client.LookerSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Owner resolution against the Looker emulator and a static directory: mapping, policies and hashing. */
class IdentityResolverTest {

    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final ObjectMapper MAPPER = new ObjectMapper();

    @AfterAll
    static void stop() {
        LOOKER.close();
    }

    @Test
    void groupsMapToTheFirstMatchingTeamAndAllAudiences() throws Exception {
        ResultRun run = resolve(settings("email", "publish-unresolved"), "7");

        assertThat(run.identity()).isEqualTo(new Identity(true, null, "alice@example.com", "analytics",
                List.of("analytics-emea", "everyone"), List.of("emea", "all-staff")));
    }

    @Test
    void anOwnerInNoMappedGroupIsPublishedUnresolvedOrDeadLettered() throws Exception {
        ResultRun run = resolve(settings("email", "publish-unresolved"), "8");
        assertThat(run.identity().resolved()).isFalse();
        assertThat(run.identity().reason()).isEqualTo("the owner's groups map to no team");
        assertThat(run.identity().owner()).isEqualTo("bob@example.com");
        assertThat(run.identity().audience()).isEmpty();

        assertThatThrownBy(() -> resolve(settings("email", "dead-letter"), "8"))
                .isInstanceOf(UnresolvedIdentityException.class).hasMessage("the owner's groups map to no team");
    }

    @Test
    void ownersCanBeHashed() throws Exception {
        ResultRun run = resolve(settings("sha256", "publish-unresolved"), "7");
        assertThat(run.identity().owner()).isEqualTo("sha256:ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976");
    }

    @Test
    void aResultWithoutOwnerIsUnresolved() throws Exception {
        ResultRun run = resolve(settings("email", "publish-unresolved"), null);
        assertThat(run.identity().reason()).isEqualTo("the result has no known Looker owner");
    }

    private static IdentityProperties settings(String ownerFormat, String onUnknown) throws Exception {
        Path file = Files.createTempFile("directory", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                users:
                  alice@example.com: {groups: [analytics-emea, everyone]}
                  bob@example.com: {groups: [contractors]}
                """);
        return new IdentityProperties(IdentityProperties.Provider.STATIC,
                IdentityProperties.OwnerFormat.valueOf(ownerFormat.toUpperCase()), IdentityProperties.Policy.DEAD_LETTER,
                IdentityProperties.Policy.valueOf(onUnknown.toUpperCase().replace('-', '_')), false,
                Duration.ofSeconds(2), 0, Duration.ofMillis(10),
                new IdentityProperties.Cache(Duration.ofMinutes(1), Duration.ofSeconds(10), 100),
                List.of(new IdentityProperties.GroupMapping("analytics-emea", "analytics", List.of("emea"), List.of()),
                        new IdentityProperties.GroupMapping("everyone", "staff", List.of("all-staff"), List.of())),
                file.toString(), null, null);
    }

    private static ResultRun resolve(IdentityProperties settings, String ownerId) {
        LookerProperties lookerSettings = new LookerProperties(URI.create(LOOKER.baseUrl()), LOOKER.clientId(), LOOKER.clientSecret(),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1), 5000,
                new LookerProperties.Retry(0, Duration.ofMillis(10), 2, Duration.ofSeconds(1)),
                new LookerProperties.QueryTask(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10)));
        HttpClient http = HttpClient.newHttpClient();
        LookerClient looker = new LookerClient(lookerSettings.toApi(), http,
                new LookerSession(lookerSettings.toApi(), lookerSettings::clientId, lookerSettings::clientSecret, http, MAPPER, Clock.systemUTC(), new SimpleMeterRegistry()), MAPPER);
        IdentityResolver resolver = new IdentityResolver(settings, looker, new StaticDirectory(Path.of(settings.staticFile())));
        ResultRun run = new ResultRun("test", null);
        run.source(new LookerSource("look", "1", null, "t", ownerId, "thelook", "orders"));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ResultRun.PROPERTY, run);
        resolver.resolve(exchange);
        return run;
    }
}
