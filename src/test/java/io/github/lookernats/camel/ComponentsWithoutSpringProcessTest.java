package io.github.lookernats.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.github.lookernats.camel.errors.LookerErrorHandling;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The components jar's content in a JVM of its own, started as the Camel launcher starts Camel
 * ({@code org.apache.camel.main.Main}), with no Spring and no class of the application on its class path: what
 * JBang or Camel K load. It polls the emulator on a cron and publishes to a real nats-server.
 */
class ComponentsWithoutSpringProcessTest {

    private static final LookerEmulator LOOKER = LookerEmulator.start();
    private static final NatsTestServer NATS = NatsTestServer.start();
    private static final Path WORK = TempFiles.createDirectory("components-alone");

    @AfterAll
    static void cleanUp() {
        NATS.close();
        LOOKER.close();
        TempFiles.deleteRecursively(WORK);
    }

    @Test
    void aRouteFileRunsWithTheComponentsJarAndCamelMainAlone() throws Exception {
        LOOKER.rowCount("1", 25);
        Path routes = WORK.resolve("looks.camel.yaml");
        Files.writeString(routes, """
                - route:
                    id: orders-every-second
                    routeConfigurationId: bridge-errors
                    from:
                      uri: looker:look:1
                      parameters: { cron: "* * * * * ?" }
                      steps:
                        - to: { uri: looker-events:publish }
                """);
        Path logging = WORK.resolve("logback.xml");
        Files.writeString(logging, """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
        List<String> classpath = classpathWithoutSpring(componentsJarContent());
        assertThat(classpath).noneMatch(entry -> entry.contains("springframework") || entry.contains("camel/springboot"));

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=" + logging, "-cp", String.join(File.pathSeparator, classpath),
                "-Dcamel.main.routes-include-pattern=file:" + routes,
                "-Dcamel.main.routes-builder-classes=" + LookerErrorHandling.class.getName(),
                "-Dcamel.component.looker.base-url=" + LOOKER.baseUrl(),
                "-Dcamel.component.looker.client-id=" + LOOKER.clientId(),
                "-Dcamel.component.looker.client-secret={{env:LOOKER_CLIENT_SECRET}}",
                "-Dcamel.component.looker-events.servers=" + NATS.url(),
                "org.apache.camel.main.Main");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("camel.log").toFile());
        // the secret as a deployment would pass it: in the environment, not on the command line
        builder.environment().put("LOOKER_CLIENT_SECRET", LOOKER.clientSecret());
        Process camel = builder.start();
        try (JetStreamProbe probe = new JetStreamProbe(NATS.url())) {
            Awaitility.await("a summary published by the process").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !camel.isAlive() || probe.count("LOOKER_EVENTS", "looker.thelook.orders.summary") > 0);
            assertThat(camel.isAlive()).as("Camel Main still running; its log:%n%s", log()).isTrue();
            assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.orders.row")).isEqualTo(25);
            // the delivery record is written once the summary is acknowledged
            Awaitility.await("the run's audit record").atMost(Duration.ofSeconds(10))
                    .until(() -> !probe.messages("LOOKER_AUDIT", "looker-audit.delivery._.orders-every-second").isEmpty());
        } finally {
            camel.destroy();
            camel.waitFor();
        }
    }

    /** What the components jar holds (pom.xml, the components execution), copied out of target/classes. */
    private static Path componentsJarContent() throws IOException {
        Path classes = Path.of("target", "classes");
        Path jar = WORK.resolve("components");
        for (String root : List.of("io/github/lookernats/camel", "META-INF/services/org/apache/camel",
                "META-INF/io/github/lookernats/camel", "kamelets")) {
            try (Stream<Path> files = Files.walk(classes.resolve(root))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = jar.resolve(classes.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        return jar;
    }

    /**
     * The groups pom.xml copies into target/components-lib (the components-lib execution), and nothing else: Camel,
     * jnats, CloudEvents, Micrometer, Jackson, commons-codec, Quartz, logging.
     */
    private static final List<String> COMPONENTS_LIB_GROUPS = List.of("org/apache/camel/", "io/nats/", "io/cloudevents/",
            "io/micrometer/", "tools/jackson/core/", "com/fasterxml/jackson/core/", "commons-codec/",
            "org/quartz-scheduler/", "org/slf4j/", "ch/qos/logback/", "org/snakeyaml/", "org/hdrhistogram/",
            "org/latencyutils/");

    /** The test's libraries of those groups (Maven's local repository lays them out by group), as pom.xml selects them. */
    private static List<String> classpathWithoutSpring(Path components) {
        List<String> entries = new ArrayList<>();
        entries.add(components.toString());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> COMPONENTS_LIB_GROUPS.stream().anyMatch(group -> entry.contains("/" + group)))
                .filter(entry -> !entry.contains("/org/apache/camel/springboot/") && !entry.contains("/camel-spring-"))
                .forEach(entries::add);
        return entries;
    }

    private static String log() throws IOException {
        return Files.readString(WORK.resolve("camel.log"));
    }
}
