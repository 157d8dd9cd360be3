package io.github.lookernats.bridge.poll;

import io.github.lookernats.camel.looker.PollSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.BridgeApplication;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.mock.env.MockEnvironment;

class RouteFileValidatorTest {

    private static final LookerProperties LOOKER = new LookerProperties(URI.create("http://looker"), "id", "secret", Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(1), 5000, new LookerProperties.Retry(1, Duration.ofSeconds(1), 2, Duration.ofSeconds(5)),
            new LookerProperties.QueryTask(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10)));

    private final RouteFileValidator validator = validator(RouteFileProperties.defaults());

    private static RouteFileValidator validator(RouteFileProperties routes) {
        return new RouteFileValidator(new MockEnvironment(), LOOKER, routes);
    }

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
                .endsWith("missing-look.camel.yaml: entry 1 (templatedRoute 'no-source'), line 1: set exactly one of lookId, queryId or inlineQuery (found 0)");
    }

    @Test
    void misspelledKeyIsReported() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/unknown-dsl-key.camel.yaml")))
                .anySatisfy(p -> assertThat(p).contains("unknown-dsl-key.camel.yaml", "unknown key 'paramters'"))
                .anySatisfy(p -> assertThat(p).contains("missing parameter 'cron'"));
    }

    @Test
    void theShippedRouteFilesAndTheTestRouteFilesAreValid() throws IOException {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Resource> files = new ArrayList<>();
        for (String pattern : List.of("file:routes/*.camel.yaml", "file:src/test/resources/routes/*.camel.yaml")) {
            files.addAll(List.of(resolver.getResources(pattern)));
        }

        assertThat(files).extracting(Resource::getFilename)
                .contains("looker-polls.camel.yaml", "e2e.camel.yaml", "identity.camel.yaml", "replay.camel.yaml", "none.camel.yaml");
        assertThat(validator.validate(files)).isEmpty();
    }

    @Test
    void aRouteWithLookerEndpointsMustNameTheBridgesErrorHandling() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/no-error-handling.camel.yaml")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("entry 1 (route 'unhandled')", "needs 'routeConfigurationId: bridge-errors'"))
                .anySatisfy(p -> assertThat(p).contains("entry 2 (from 'timer:now')", "write it as '- route:' with an id"));
    }

    @Test
    void routesThatStayInsideTheBridgePassWithoutSwitches() {
        assertThat(validator.validate(new ClassPathResource("route-policy/allowed.camel.yaml"))).isEmpty();
    }

    @Test
    void beansAreRefusedUnlessAllowed() {
        List<String> problems = validator.validate(new ClassPathResource("bad-routes/beans.camel.yaml"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).endsWith("beans.camel.yaml: entry 1 (beans) at beans, line 2: 'beans' creates objects of any "
                + "Java class and can run scripts (allow it with bridge.routes.allow-beans)");
        assertThat(problems.get(1)).contains("beans.camel.yaml: entry 2 (templatedRoute 'with-local-bean') at templatedRoute.beans, line 11: "
                + "'beans' creates objects");

        assertThat(validator(new RouteFileProperties(true, false, List.of())).validate(new ClassPathResource("bad-routes/beans.camel.yaml")))
                .as("allow-beans does not allow the script a bean runs")
                .singleElement().asString().contains("entry 1 (beans) at beans[0].scriptLanguage", "the 'groovy' language runs code",
                        "bridge.routes.allow-scripts");
        assertThat(validator(new RouteFileProperties(true, true, List.of())).validate(new ClassPathResource("bad-routes/beans.camel.yaml")))
                .isEmpty();
    }

    @Test
    void endpointsOutsideTheBridgeAreRefusedWhereverTheyAre() {
        List<String> problems = validator.validate(new ClassPathResource("bad-routes/outside-endpoints.camel.yaml"));

        assertThat(problems).anySatisfy(p -> assertThat(p).endsWith("outside-endpoints.camel.yaml: entry 2 (route 'evil') at "
                + "route.from.steps[0].to, line 14: endpoint 'exec:sh' uses scheme 'exec', which reaches outside the bridge "
                + "(allow it with bridge.routes.allowed-schemes)"));
        assertThat(problems).map(RouteFileValidatorTest::afterFile).containsExactly(
                "entry 1 (route 'inbound') at route.from.uri, line 5: endpoint 'platform-http:/hook' uses scheme 'platform-http', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 2 (route 'evil') at route.from.steps[0].to, line 14: endpoint 'exec:sh' uses scheme 'exec', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 2 (route 'evil') at route.from.steps[1].choice.when[0].steps[0].to.uri, line 20: endpoint 'https://collector.example.com/in' uses scheme 'https', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 2 (route 'evil') at route.from.steps[1].choice.otherwise.steps[0].split.steps[0].toD, line 26: endpoint 'file:/tmp/${header.name}' uses scheme 'file', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[0].wireTap.uri, line 32: endpoint 'netty-http:http://collector.example.com' uses scheme 'netty-http', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[1].enrich, line 33: endpoint 'http://collector.example.com/lookup' uses scheme 'http', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[2].recipientList, line 35: endpoint 'jms:queue:b' uses scheme 'jms', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[3].to.uri, line 38: endpoint 'exec' uses scheme 'exec', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[4].toD, line 41: endpoint '${header.target}' does not start with a scheme written out (such as 'direct:'), so the bridge cannot tell where it leads; or set allowedSchemes to in-process schemes",
                "entry 3 (from 'direct:more') at from.steps[5].recipientList, line 42: 'recipientList' computes its endpoints at run time with header, so the bridge cannot check them; list them as constant text, or set allowedSchemes to in-process schemes such as direct,seda",
                "entry 3 (from 'direct:more') at from.steps[6].kamelet, line 44: endpoint 'kamelet:aws-s3-sink?bucket=x' uses scheme 'kamelet', which runs a Kamelet, whose routes the bridge cannot see (allow it with bridge.routes.allowed-schemes)",
                "entry 3 (from 'direct:more') at from.steps[7].to, line 45: endpoint '{{team-a.target}}' does not start with a scheme written out (such as 'direct:'), so the bridge cannot tell where it leads",
                "entry 3 (from 'direct:more') at from.steps[8].toD.allowedSchemes, line 48: allowedSchemes lists 'http', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)");

        RouteFileValidator schemesAllowed = validator(new RouteFileProperties(false, false,
                List.of("platform-http", "exec", "HTTPS", "http", "file", "netty-http", "jms", "kamelet")));
        assertThat(schemesAllowed.validate(new ClassPathResource("bad-routes/outside-endpoints.camel.yaml")))
                .as("endpoints decided at run time stay refused: no scheme list can vouch for them")
                .map(RouteFileValidatorTest::afterFile)
                .satisfiesExactly(
                        p -> assertThat(p).startsWith("entry 3 (from 'direct:more') at from.steps[4].toD"),
                        p -> assertThat(p).startsWith("entry 3 (from 'direct:more') at from.steps[5].recipientList"),
                        p -> assertThat(p).startsWith("entry 3 (from 'direct:more') at from.steps[7].to"));
    }

    @Test
    void codeIsRefusedUnlessAllowed() {
        List<String> problems = validator.validate(new ClassPathResource("bad-routes/code.camel.yaml"));

        assertThat(problems).map(RouteFileValidatorTest::afterFile).containsExactly(
                "entry 1 (route 'code') at route.from.steps[0].setBody.groovy, line 8: the 'groovy' language runs code (allow it with bridge.routes.allow-scripts)",
                "entry 1 (route 'code') at route.from.steps[1].filter.expression.language, line 11: the 'spel' language runs code (allow it with bridge.routes.allow-scripts)",
                "entry 1 (route 'code') at route.from.steps[1].filter.steps[0].bean, line 15: 'bean' calls a Java bean (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[1].filter.steps[1].process, line 17: 'process' calls a Java bean (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[2].setHeader.simple, line 21: Simple function '${bean:lookerClient?method=close}' calls a Java bean or class (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[3].log, line 22: Simple function '${body.getClass().forName('java.lang.Runtime')}' calls Java methods on an object (allow it with bridge.routes.allow-scripts)",
                "entry 1 (route 'code') at route.from.steps[4].log, line 23: Simple function '${exchange.context.stop}' is not one that only reads the message ('exchange') (allow it with bridge.routes.allow-scripts)",
                "entry 1 (route 'code') at route.from.steps[5].log, line 24: Simple function '${load(file:/etc/passwd)}' is not one that only reads the message ('load') (allow it with bridge.routes.allow-scripts)",
                "entry 1 (route 'code') at route.from.steps[6].split.aggregationStrategy, line 27: 'aggregationStrategy' refers to a Java bean or class (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[7].to, line 30: endpoint 'log:audit?exchangeFormatter=#formatter' refers to a bean with '#' (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[8].setBody.method, line 32: the 'method' language calls a Java bean (allow it with bridge.routes.allow-beans)",
                "entry 1 (route 'code') at route.from.steps[9].setBody.constant, line 36: '{{bean:lookerClient.close}}' calls a Java bean through {{bean:...}} (allow it with bridge.routes.allow-beans)");

        assertThat(validator(new RouteFileProperties(true, false, List.of())).validate(new ClassPathResource("bad-routes/code.camel.yaml")))
                .map(RouteFileValidatorTest::afterFile)
                .allSatisfy(p -> assertThat(p).endsWith("(allow it with bridge.routes.allow-scripts)"))
                .hasSize(5);
        assertThat(validator(new RouteFileProperties(true, true, List.of())).validate(new ClassPathResource("bad-routes/code.camel.yaml")))
                .isEmpty();
    }

    @Test
    void aliasesAndRepeatedKeysAreReadAsCamelReadsThem() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/yaml-tricks.camel.yaml"))).map(RouteFileValidatorTest::afterFile)
                .containsExactly(
                        "entry 1 (route 'alias') at route.from.steps[0].to, line 9: endpoint 'exec:sh' uses scheme 'exec', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                        "entry 2 (route 'twice') at route.from.steps, line 15: duplicate key 'steps' (again on line 17)",
                        "entry 2 (route 'twice') at route.from.steps[0].to, line 16: endpoint 'exec:sh' uses scheme 'exec', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)",
                        "entry 3 (route 'loop') at route.from.steps[0].pipeline, line 25: a YAML alias refers to a node that contains it");
    }

    @Test
    void templatesAreCheckedWithTheParametersFilledIn() {
        assertThat(validator.validate(new ClassPathResource("bad-routes/templates.camel.yaml"))).map(RouteFileValidatorTest::afterFile)
                .containsExactly(
                        "entry 2 (templatedRoute 'sneaky-1') at (template 'sneaky' as this entry fills it in).from.steps[0].setBody.simple: Simple function '${bean:lookerClient?method=close}' calls a Java bean or class (allow it with bridge.routes.allow-beans)",
                        "entry 3 (templatedRoute 'unknown-template') at templatedRoute.routeTemplateRef, line 21: template 'somewhere-else' is neither one of the bridge's (looker-poll) nor declared by a routeTemplate in the route files",
                        "entry 4 (rest) at rest, line 24: 'rest' entries are not allowed in route files (allowed: from, route, routeConfiguration, routeTemplate, templatedRoute): it serves HTTP");
    }

    @Test
    void routeReloadingIsRefusedBecauseReloadedFilesWouldNotBeChecked() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml")
                .withProperty("camel.main.routes-reload-enabled", "true");

        assertThatThrownBy(() -> new RouteFileValidator(environment, LOOKER, RouteFileProperties.defaults()).afterPropertiesSet())
                .isInstanceOf(InvalidRouteFileException.class)
                .hasMessageContaining("camel.main.routes-reload-enabled=true would load changed route files while the bridge runs");
    }

    @Test
    void onlyYamlRouteFilesMayBeLoaded() {
        assertThat(validator.validate(new FileSystemResource("pom.xml")))
                .singleElement().asString().endsWith("pom.xml: not a YAML route file (*.yaml, *.yml); the bridge loads no other kind");
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

    @Test
    void anEndpointOutsideTheBridgeStopsStartUpUntilAnOperatorAllowsItsScheme() {
        try (NatsTestServer nats = NatsTestServer.start()) {
            assertThatThrownBy(() -> start(nats, "classpath:route-policy/stub.camel.yaml"))
                    .hasRootCauseInstanceOf(InvalidRouteFileException.class)
                    .rootCause().hasMessageContaining("stub.camel.yaml: entry 1 (route 'stubbed') at route.from.steps[0].to, line 7: "
                            + "endpoint 'stub:elsewhere' uses scheme 'stub', which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)");

            try (ConfigurableApplicationContext bridge = start(nats, "classpath:route-policy/stub.camel.yaml", "--bridge.routes.allowed-schemes=stub")) {
                assertThat(bridge.isRunning()).isTrue();
            }
        }
    }

    private static ConfigurableApplicationContext start(NatsTestServer nats, String routes, String... more) {
        String[] arguments = Stream.concat(Stream.of(
                "--server.port=0",
                "--bridge.looker.base-url=http://127.0.0.1:9",
                "--bridge.looker.client-id=x", "--bridge.looker.client-secret=y",
                "--bridge.nats.servers=" + nats.url(),
                "--camel.main.routes-include-pattern=" + routes), Stream.of(more)).toArray(String[]::new);
        return new SpringApplicationBuilder(BridgeApplication.class).run(arguments);
    }

    /** A problem without its file's path, which differs between machines. */
    private static String afterFile(String problem) {
        return problem.substring(problem.indexOf(".camel.yaml: ") + ".camel.yaml: ".length());
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
