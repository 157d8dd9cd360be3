package io.github.lookernats.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.BridgeApplication;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mock.env.MockEnvironment;

class RouteFileValidatorTest {

    private final RouteFileValidator validator = new RouteFileValidator(new MockEnvironment(),
            new LookerProperties(URI.create("http://looker"), "id", "secret", Duration.ofSeconds(10),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(1), 5000, new LookerProperties.Retry(1, Duration.ofSeconds(1), 2, Duration.ofSeconds(5)),
                    new LookerProperties.QueryTask(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10))));

    @Test
    void misspelledParameterIsNamedWithItsFileAndRoute() {
        List<String> problems = validator.validate(new ClassPathResource("bad-routes/unknown-parameter.camel.yaml"));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("unknown-parameter.camel.yaml")
                .contains("templatedRoute 'typo'")
                .contains("unknown parameter 'lookid'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("set exactly one of lookId, queryId or inlineQuery"));
    }

    @Test
    void missingLookIdIsReported() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/missing-look.camel.yaml")))
                .singleElement().asString()
                .contains("missing-look.camel.yaml", "'no-source'", "set exactly one of lookId, queryId or inlineQuery (found 0)");
    }

    @Test
    void misspelledKeyIsReported() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/unknown-dsl-key.camel.yaml")))
                .anySatisfy(p -> assertThat(p).contains("unknown-dsl-key.camel.yaml", "unknown key 'paramters'"))
                .anySatisfy(p -> assertThat(p).contains("missing parameter 'cron'"));
    }

    @Test
    void theShippedRouteFilesAreValid() {
        assertThat(validator.validate(new FileSystemResource("routes/looker-polls.camel.yaml"))).isEmpty();
        assertThat(validator.validate(new ClassPathResource("routes/e2e.camel.yaml"))).isEmpty();
    }

    @Test
    void badValuesAreExplained() {
        assertThatThrownBy(() -> PollSpec.fromParameters(java.util.Map.of("lookId", "1", "cron", "every minute",
                "format", "xlsx", "limit", "0", "inlineQuery", "{\"model\": \"thelook\"}"), 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set exactly one of lookId, queryId or inlineQuery (found 2)")
                .hasMessageContaining("'cron' is not a valid Quartz cron expression")
                .hasMessageContaining("unsupported format 'xlsx' (supported: json, json_detail)")
                .hasMessageContaining("'limit' must be a positive number of rows or -1")
                .hasMessageContaining("'inlineQuery' needs 'view'");
    }

    @Test
    void asyncNeedsASavedQueryAndABoolean() {
        assertThatThrownBy(() -> PollSpec.fromParameters(java.util.Map.of("inlineQuery", "{\"model\": \"m\", \"view\": \"v\"}",
                "cron", "0 * * * * ?", "async", "true"), 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use it with lookId or queryId, not inlineQuery");
        assertThatThrownBy(() -> PollSpec.fromParameters(java.util.Map.of("lookId", "1", "cron", "0 * * * * ?", "async", "yes"), 5000))
                .hasMessageContaining("'async' must be true or false, not 'yes'");
        PollSpec async = PollSpec.fromParameters(java.util.Map.of("lookId", "1", "cron", "0 * * * * ?", "async", "true"), 5000);
        assertThat(async.async()).isTrue();
        assertThat(PollSpec.fromReference(async.reference())).as("a dead letter replays the same way").isEqualTo(async);
    }

    @Test
    void misspelledTopLevelKeyStopsStartUpNamingTheFile() {
        try (NatsTestServer nats = NatsTestServer.start()) {
            assertThatThrownBy(() -> start(nats, "classpath:bad-routes/unknown-top-level.camel.yaml"))
                    .satisfies(e -> assertThat(messages(e)).contains("unknown-top-level.camel.yaml").contains("templatedRoutes"));
        }
    }

    @Test
    void applicationRefusesToStartWithABadRouteFile() {
        try (NatsTestServer nats = NatsTestServer.start()) {
            assertThatThrownBy(() -> start(nats, "classpath:bad-routes/missing-look.camel.yaml"))
                    .hasRootCauseInstanceOf(InvalidRouteFileException.class)
                    .rootCause().hasMessageContaining("missing-look.camel.yaml")
                    .hasMessageContaining("set exactly one of lookId, queryId or inlineQuery");
        }
    }

    private static void start(NatsTestServer nats, String routes) {
        new SpringApplicationBuilder(BridgeApplication.class).run(
                "--server.port=0",
                "--bridge.looker.base-url=http://127.0.0.1:9",
                "--bridge.looker.client-id=x", "--bridge.looker.client-secret=y",
                "--bridge.nats.servers=" + nats.url(),
                "--camel.main.routes-include-pattern=" + routes);
    }

    /** Every message in the cause chain, as a start-up log would show them. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
