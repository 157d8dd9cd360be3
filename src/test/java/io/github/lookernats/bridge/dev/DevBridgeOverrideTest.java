package io.github.lookernats.bridge.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.FreePorts;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The embedded default in its own JVM, as {@code mvn spring-boot:test-run} starts it, with its Looker given on the
 * command line: the setting replaces the default instead of being joined to it, and the console counts the rows
 * JetStream stored, not the ones it dropped as duplicates.
 */
class DevBridgeOverrideTest {

    @Test
    void aSettingOnTheCommandLineReplacesTheDefaultAndTheConsoleCountsWhatWasStored() throws Exception {
        Path directory = Files.createTempDirectory("dev-bridge-");
        Path log = directory.resolve("dev-bridge.log");
        Path routes = Files.writeString(directory.resolve("dev.camel.yaml"), BridgeProcess.lookRoute("dev-override", "1", "override", 1));
        Process dev = null;
        try (LookerEmulator other = LookerEmulator.start()) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Ddev.nats.port=" + FreePorts.next(), "-Ddev.looker.port=" + FreePorts.next(), "-Ddev.management.port=" + FreePorts.next(),
                    "-cp", BridgeProcess.classpath(), DevBridge.class.getName(),
                    "--server.port=" + FreePorts.next(),
                    "--bridge.looker.base-url=" + other.baseUrl(),
                    "--camel.main.routes-include-pattern=file:" + routes);
            dev = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

            // polls go to the Looker given on the command line, run after run
            Awaitility.await("two runs against the Looker given on the command line").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> other.requestCount("/api/4.0/looks/1/run") >= 2 && Files.readString(log).contains("override.summary")
                            && Files.readString(log).contains("'poll dev-override'"));
            String output = Files.readString(log);
            assertThat(output).doesNotContain("APPLICATION FAILED TO START").contains("Looker emulator : " + other.baseUrl());
            // Look 1 has 5 rows: the second run's rows and summary were dropped as duplicates, and not counted
            assertThat(output).contains("looker.thelook.override.summary (5 rows stored so far)").doesNotContain("(10 rows");
            // the embedded default prints each span: the run's, and its publishing's
            assertThat(output).contains("LoggingSpanExporter").contains("'poll dev-override'").contains("'publish dev-override'");
        } finally {
            if (dev != null) {
                dev.destroy();
                if (!dev.waitFor(30, TimeUnit.SECONDS)) {
                    dev.destroyForcibly().waitFor();
                }
            }
            TempFiles.deleteRecursively(directory);
        }
    }
}
