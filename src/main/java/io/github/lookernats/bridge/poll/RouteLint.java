package io.github.lookernats.bridge.poll;

import io.github.lookernats.camel.looker.LookerEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * {@code java -jar looker-nats-bridge.jar --lint-routes <files>}: checks route files as start-up does, then as Camel
 * reads them (the YAML DSL, and every {@code looker:} and {@code looker-events:} endpoint with its options), without
 * connecting to Looker or NATS. Prints one line per problem (file, entry or route, problem) and exits with 1 when
 * there is one, so that a team's own CI can run it. The {@code bridge.routes.*} switches are given as
 * {@code --bridge.routes.allowed-schemes=http} and so on, as the deployment sets them.
 */
public final class RouteLint {

    public static final String OPTION = "--lint-routes";
    private static final Set<String> LOOKER_SCHEMES = Set.of("looker", "looker-events");
    /** The row limit of LookerProperties when none is configured. */
    private static final long DEFAULT_ROW_LIMIT = 5000;

    private RouteLint() {
    }

    public static boolean requested(String[] args) {
        for (String arg : args) {
            if (arg.equals(OPTION) || arg.startsWith(OPTION + "=")) {
                return true;
            }
        }
        return false;
    }

    /** @return the exit code: 0 when every file is fine, 1 when one has a problem, 2 when no file was named */
    public static int run(String[] args, PrintStream out) throws IOException {
        quietLogs();
        List<Resource> files = files(args);
        if (files.isEmpty()) {
            out.println("Name the route files: " + OPTION + " routes/*.camel.yaml (or " + OPTION + "=<pattern>)");
            return 2;
        }
        List<String> problems = new ArrayList<>(new RouteFileValidator(switches(args), DEFAULT_ROW_LIMIT).validate(files));
        int[] routes = {0};
        if (problems.isEmpty()) { // a file the policy refuses is not handed to Camel at all
            problems.addAll(readWithCamel(files, routes));
        }
        problems.forEach(problem -> out.println("ERROR " + problem));
        if (!problems.isEmpty()) {
            out.println(problems.size() + " problem(s) in " + files.size() + " route file(s)");
            return 1;
        }
        out.println("OK: " + files.size() + " route file(s), " + routes[0] + " route(s)");
        return 0;
    }

    private static List<Resource> files(String[] args) throws IOException {
        List<String> names = new ArrayList<>();
        boolean listing = false;
        for (String arg : args) {
            if (arg.startsWith(OPTION + "=")) {
                names.addAll(List.of(arg.substring(OPTION.length() + 1).split(",")));
            } else if (arg.equals(OPTION)) {
                listing = true;
            } else if (arg.startsWith("--")) {
                listing = false;
            } else if (listing) {
                names.add(arg);
            }
        }
        List<Resource> files = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String name : names) {
            if (name.contains(":") || name.contains("*")) {
                files.addAll(List.of(resolver.getResources(name.contains(":") ? name : "file:" + name)));
            } else {
                files.add(new FileSystemResource(name)); // a missing file is reported by the validator
            }
        }
        return files;
    }

    private static RouteFileProperties switches(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Binder.get(environment).bind("bridge.routes", Bindable.of(RouteFileProperties.class))
                .orElse(RouteFileProperties.defaults());
    }

    /**
     * Loads each file into a Camel context that is built but never started: the YAML DSL reads it, templates are
     * filled in, and the looker endpoints of every route are created and checked. Nothing connects.
     */
    /** What Camel finds wrong in these files (they passed the policy already); nothing connects. */
    static List<String> camelProblems(List<Resource> files) {
        return readWithCamel(files, new int[1]);
    }

    private static List<String> readWithCamel(List<Resource> files, int[] routes) {
        List<String> problems = new ArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.build();
            camel.addRoutes(new LookerPollRoutes(DEFAULT_ROW_LIMIT));
            ModelCamelContext model = camel;
            for (Resource file : files) {
                String name = describe(file);
                int before = model.getRouteDefinitions().size();
                try {
                    PluginHelper.getRoutesLoader(camel).loadRoutes(
                            ResourceHelper.fromBytes(name.endsWith(".yml") || name.endsWith(".yaml") ? name : name + ".yaml",
                                    file.getContentAsByteArray()));
                } catch (Exception e) {
                    problems.add(name + ": Camel cannot read it: " + rootMessage(e));
                    continue;
                }
                for (RouteDefinition route : List.copyOf(model.getRouteDefinitions().subList(before, model.getRouteDefinitions().size()))) {
                    routes[0]++;
                    problems.addAll(checkEndpoints(camel, name, route));
                }
            }
        } catch (Exception e) {
            problems.add("Camel could not be set up to read the files: " + rootMessage(e));
        }
        return problems;
    }

    private static List<String> checkEndpoints(CamelContext camel, String file, RouteDefinition route) {
        List<String> problems = new ArrayList<>();
        String where = file + ": route '" + route.getRouteId() + "'";
        String from = route.getInput().getEndpointUri();
        check(camel, from, true).ifPresent(problem -> problems.add(where + " from " + from + ": " + problem));
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
            String uri = send.getEndpointUri();
            check(camel, uri, false).ifPresent(problem -> problems.add(where + " to " + uri + ": " + problem));
        }
        return problems;
    }

    private static java.util.Optional<String> check(CamelContext camel, String uri, boolean consumer) {
        int colon = uri == null ? -1 : uri.indexOf(':');
        if (colon < 0 || !LOOKER_SCHEMES.contains(uri.substring(0, colon)) || uri.contains("{{")) {
            return java.util.Optional.empty(); // another component's, or one filled in from the configuration at start-up
        }
        try {
            Endpoint endpoint = camel.getEndpoint(uri);
            if (endpoint instanceof LookerEndpoint looker) {
                looker.spec();
                if (consumer && looker.getCron() == null) {
                    return java.util.Optional.of("a looker consumer runs on a schedule; set cron");
                }
            } else if (consumer) {
                return java.util.Optional.of("looker-events only publishes; a route cannot start from it");
            }
            return java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.of(rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    static String describe(Resource file) {
        try {
            return file.getFile().getPath();
        } catch (IOException notAFile) {
            return file.getDescription();
        }
    }

    /** Only what lint says: Camel and Spring log nothing below WARN, the route-form hints of looker-poll aside. */
    static void quietLogs() {
        LoggingSystem logging = LoggingSystem.get(RouteLint.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
    }
}
