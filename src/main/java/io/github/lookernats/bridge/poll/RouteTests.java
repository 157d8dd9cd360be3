package io.github.lookernats.bridge.poll;

import io.github.lookernats.camel.events.EventShape;
import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.events.PreparedEvent;
import io.github.lookernats.camel.looker.client.PollRunner;
import io.github.lookernats.camel.looker.client.ResultRowReader;
import io.github.lookernats.camel.events.LookerEventsComponent;
import io.github.lookernats.camel.events.ResultPipeline;
import io.github.lookernats.camel.looker.LookerComponent;
import io.github.lookernats.camel.looker.LookerConsumer;
import io.github.lookernats.camel.looker.LookerRuns;
import io.github.lookernats.camel.looker.PollSpec;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RowSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code java -jar looker-nats-bridge.jar --test-routes routes/}: runs the tests of route files against recorded
 * Looker results, without a Looker and without NATS. A test file ({@code *.test.yaml}) sits beside its route file;
 * each test runs one route once on the rows it gives, through the route's own steps, and compares the events the
 * bridge would publish (subjects, counts, fields) with what it expects. The events are made by the bridge's own
 * event factory; only the publishing to JetStream is left out. See docs/route-tests.md.
 */
public final class RouteTests {

    public static final String OPTION = "--test-routes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private RouteTests() {
    }

    public static boolean requested(String[] args) {
        return Stream.of(args).anyMatch(arg -> arg.equals(OPTION) || arg.startsWith(OPTION + "="));
    }

    /** @return 0 when every test passed, 1 when one failed, 2 when no test file was found */
    public static int run(String[] args, PrintStream out) throws IOException {
        RouteLint.quietLogs();
        List<Path> files = new ArrayList<>();
        boolean listing = false;
        for (String arg : args) {
            if (arg.startsWith(OPTION + "=")) {
                addTestFiles(Path.of(arg.substring(OPTION.length() + 1)), files);
            } else if (arg.equals(OPTION)) {
                listing = true;
            } else if (listing && !arg.startsWith("--")) {
                addTestFiles(Path.of(arg), files);
            }
        }
        if (files.isEmpty()) {
            out.println("No route tests (*.test.yaml) found; name a file or a directory: " + OPTION + " routes/");
            return 2;
        }
        int failed = 0;
        int passed = 0;
        for (Path file : files) {
            for (String result : runFile(file)) {
                out.println(result);
                if (result.startsWith("PASS")) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static void addTestFiles(Path path, List<Path> files) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> listed = Files.list(path)) {
                listed.filter(file -> file.getFileName().toString().endsWith(".test.yaml")).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
    }

    /** One line per test: {@code PASS file: name} or {@code FAIL file: name: why}. */
    static List<String> runFile(Path file) {
        List<String> results = new ArrayList<>();
        JsonNode suite;
        try {
            suite = YAML.readTree(Files.readString(file));
        } catch (Exception e) {
            return List.of("FAIL " + file + ": cannot be read: " + e.getMessage());
        }
        Path routes = file.resolveSibling(suite.path("routes").asString(""));
        if (!Files.isRegularFile(routes)) {
            return List.of("FAIL " + file + ": 'routes' names no route file beside it (" + routes + ")");
        }
        List<String> refused = new RouteFileValidator(RouteFileProperties.defaults(), 5000)
                .validate(List.of(new FileSystemResource(routes)));
        if (!refused.isEmpty()) {
            return refused.stream().map(problem -> "FAIL " + file + ": the route file is refused: " + problem).toList();
        }
        RecordedLooker looker = new RecordedLooker();
        CapturedEvents events = new CapturedEvents(URI.create(suite.path("lookerBaseUrl").asString("https://looker.example.com")));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("quartz", QuartzComponent.class).setAutoStartScheduler(false); // runs come from the tests only
            camel.getComponent("looker", LookerComponent.class).setRuns(looker);
            camel.getComponent("looker-events", LookerEventsComponent.class).setPipeline(events);
            camel.addRoutes(new LookerPollRoutes(5000));
            camel.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    routeConfiguration("bridge-errors"); // no retries, no dead letters: a failure fails the test
                }
            });
            camel.start();
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromBytes(routes.getFileName().toString(),
                    Files.readAllBytes(routes)));
            for (JsonNode test : suite.path("tests")) {
                String name = file.getFileName() + ": " + test.path("name").asString(test.path("route").asString("?"));
                try {
                    List<String> problems = runTest(camel, test, looker, events, file);
                    results.add(problems.isEmpty() ? "PASS " + name : "FAIL " + name + ": " + String.join("; ", problems));
                } catch (Exception e) {
                    results.add("FAIL " + name + ": " + e);
                }
            }
        } catch (Exception e) {
            results.add("FAIL " + file + ": the routes could not be started: " + e.getMessage());
        }
        return results;
    }

    private static List<String> runTest(DefaultCamelContext camel, JsonNode test, RecordedLooker looker, CapturedEvents events,
            Path file) throws Exception {
        String routeId = test.path("route").asString("");
        Route route = camel.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof LookerConsumer consumer)) {
            return List.of("route '" + routeId + "' is not in the file, or does not start from a looker endpoint");
        }
        looker.answer(test.path("looker"), test.path("looker").path("rowsFile").isString()
                ? Files.readAllBytes(file.resolveSibling(test.path("looker").path("rowsFile").asString())) : null);
        Exchange done = consumer.run(Map.of());
        Exception failure = done.getException() != null ? done.getException() : done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure != null) {
            return List.of("the run failed: " + failure.getMessage());
        }
        ResultRun run = done.getProperty(ResultRun.PROPERTY, ResultRun.class);
        return RouteTestExpectations.check(test.path("expect"), events.of(run.runId()));
    }

    /** Looker as a test file records it: the source's description and its rows, for whatever the route asks. */
    private static final class RecordedLooker implements LookerRuns {

        private volatile JsonNode answer;
        private volatile byte[] rowsFile;

        void answer(JsonNode answer, byte[] rowsFile) {
            this.answer = answer;
            this.rowsFile = rowsFile;
        }

        @Override
        public LookerSource describe(PollSpec spec) {
            String model = answer.path("model").asString(spec.inlineQuery() == null ? "model" : spec.inlineQuery().path("model").asString());
            String explore = answer.path("explore").asString(spec.inlineQuery() == null ? "explore" : spec.inlineQuery().path("view").asString());
            if (spec.lookId() != null) {
                return new LookerSource("look", spec.lookId(), answer.path("queryId").asString(null), answer.path("title").asString(null),
                        answer.path("owner").asString(null), model, explore);
            }
            if (spec.queryId() != null) {
                return new LookerSource("query", spec.queryId(), spec.queryId(), null, null, model, explore);
            }
            return new LookerSource("inline_query", PollRunner.shortHash(spec.inlineQuery().toString()), null, null, null, model, explore);
        }

        @Override
        public RowSource open(PollSpec spec, LookerSource source) {
            byte[] rows = rowsFile != null ? rowsFile : JSON.writeValueAsBytes(answer.path("rows"));
            return new ResultRowReader(new ByteArrayInputStream(rows), spec.format(), JSON);
        }
    }

    /** The events a run would publish, made by the bridge's event factory and kept by run instead of published. */
    private static final class CapturedEvents implements ResultPipeline {

        private final LookerEventFactory factory;
        private final Map<String, List<PreparedEvent>> byRun = new ConcurrentHashMap<>();

        CapturedEvents(URI lookerBaseUrl) {
            this.factory = new LookerEventFactory(EventShape.DEFAULT,
                    lookerBaseUrl, JSON, false);
        }

        @Override
        public void publish(Exchange exchange, ResultRun run) throws Exception {
            List<PreparedEvent> events = new ArrayList<>();
            RowSource rows = run.openRows();
            while (rows.hasNext()) {
                events.add(factory.row(run, rows.next()));
            }
            events.add(factory.summary(run));
            byRun.put(run.runId(), events);
        }

        List<PreparedEvent> of(String runId) {
            return byRun.getOrDefault(runId, List.of());
        }
    }
}
