package io.github.lookernats.bridge.support;

import io.github.lookernats.bridge.BridgeApplication;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bridge in its own JVM (production main class, test class path), for tests that kill it or cap its heap. */
public final class BridgeProcess {

    private BridgeProcess() {}

    /**
     * @param jvmOptions e.g. {@code -Xmx128m}
     * @param routesYaml the content of the one route file it loads
     * @param arguments further {@code --key=value} settings
     */
    public static Process start(LookerEmulator looker, String natsUrl, List<String> jvmOptions, String routesYaml,
            List<String> arguments) throws IOException {
        Path routes = Files.createTempFile("bridge-routes-", ".camel.yaml");
        File log = File.createTempFile("bridge-", ".log");
        // gone when the test JVM ends, passed or failed (callers keep the process, not the files)
        routes.toFile().deleteOnExit();
        log.deleteOnExit();
        return start(looker, natsUrl, jvmOptions, routes, routesYaml, arguments, log);
    }

    /**
     * Like {@link #start(LookerEmulator, String, List, String, List)}, with the route file and the bridge's output
     * ({@link #log(Path)}) in {@code directory}, which the caller owns and deletes.
     */
    public static Process start(LookerEmulator looker, String natsUrl, List<String> jvmOptions, String routesYaml,
            List<String> arguments, Path directory) throws IOException {
        return start(looker, natsUrl, jvmOptions, directory.resolve("bridge.camel.yaml"), routesYaml, arguments,
                log(directory).toFile());
    }

    /** Where {@link #start(LookerEmulator, String, List, String, List, Path)} writes the bridge's output. */
    public static Path log(Path directory) {
        return directory.resolve("bridge.log");
    }

    private static Process start(LookerEmulator looker, String natsUrl, List<String> jvmOptions, Path routes,
            String routesYaml, List<String> arguments, File log) throws IOException {
        Files.writeString(routes, routesYaml);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), BridgeApplication.class.getName(),
                "--bridge.looker.base-url=" + looker.baseUrl(),
                "--bridge.looker.client-id=" + looker.clientId(),
                "--bridge.looker.client-secret=" + looker.clientSecret(),
                "--bridge.nats.servers=" + natsUrl,
                "--camel.main.routes-include-pattern=file:" + routes));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    /** One polling route for a Look, unlimited rows, firing every {@code seconds}. */
    public static String lookRoute(String routeId, String lookId, String explore, int seconds) {
        return """
                - templatedRoute:
                    routeTemplateRef: looker-poll
                    routeId: %s
                    parameters:
                      - { name: lookId, value: "%s" }
                      - { name: limit, value: "-1" }
                      - { name: explore, value: %s }
                      - { name: cron, value: "0/%d * * * * ?" }
                """.formatted(routeId, lookId, explore, seconds);
    }

    /**
     * A route file with one route of the route form that polls a Look every {@code seconds}, through the row steps of
     * {@code rowSteps} (the steps of a {@code direct:rows} route, as YAML) when they are given.
     */
    public static String lookRoute(String routeId, String lookId, String explore, int seconds, String rowSteps) {
        String route = """
                - route:
                    id: %s
                    routeConfigurationId: bridge-errors
                    from:
                      uri: looker:look:%s
                      parameters: { limit: -1, explore: %s, cron: "0/%d * * * * ?" }
                      steps:
                        - to: looker-events:publish%s
                """.formatted(routeId, lookId, explore, seconds, rowSteps == null ? "" : "?rowRoute=direct:rows");
        if (rowSteps == null) {
            return route;
        }
        return route + """
                - route:
                    id: rows
                    from:
                      uri: direct:rows
                      steps:
                """ + rowSteps.indent(8);
    }

    /** Surefire's class path (it may be a manifest-only jar, which also works on -cp), else this JVM's. */
    public static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
