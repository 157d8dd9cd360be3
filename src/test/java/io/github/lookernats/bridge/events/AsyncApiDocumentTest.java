package io.github.lookernats.bridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.support.EventCatalog;
import io.github.lookernats.bridge.support.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The event catalog, docs/asyncapi.yaml, is a valid AsyncAPI 3 document by the AsyncAPI parser itself (run with
 * Node.js from src/test/asyncapi, where Maven installs it), with every JSON Schema it refers to resolved. That every
 * subject the end-to-end tests store is one of its channels is checked at the end of each of them (JetStreamProbe).
 */
class AsyncApiDocumentTest {

    private static final Path WORK = TempFiles.createDirectory("asyncapi");
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void cleanUp() {
        TempFiles.deleteRecursively(WORK);
    }

    @Test
    void theCatalogIsValidAsyncApi3AndListsEveryChannelTheBridgeWrites() throws Exception {
        Result result = validate(Path.of("docs/asyncapi.yaml"));

        assertThat(result.exitCode()).as("the parser's verdict:%n%s", result.errors()).isZero();
        JsonNode parsed = JSON.readTree(result.output());
        assertThat(parsed.path("version").asString()).isEqualTo("3.0.0");
        assertThat(parsed.path("channels").valueStream().map(channel -> channel.path("address").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.channels().stream().map(EventCatalog.Channel::address).toList())
                .contains("looker.{model}.{explore}.row", "looker.{model}.{explore}.summary", "looker-dlq.{route}",
                        "looker-audit.delivery.{team}.{route}", "looker-audit.grant", "looker-audit.grant-refused",
                        "looker-audit.admin.{action}");
    }

    @Test
    void aBrokenCatalogIsRefusedByTheParser() throws Exception {
        Path broken = WORK.resolve("asyncapi.yaml");
        Files.createDirectories(WORK.resolve("events"));
        try (var schemas = Files.list(Path.of("docs/events"))) {
            for (Path schema : schemas.toList()) {
                Files.copy(schema, WORK.resolve("events").resolve(schema.getFileName()));
            }
        }
        // a message that points at a schema that does not exist
        Files.writeString(broken, Files.readString(Path.of("docs/asyncapi.yaml"))
                .replace("./events/row.v1.schema.json", "./events/missing.schema.json"));

        Result result = validate(broken);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains("missing.schema.json");
    }

    private record Result(int exitCode, String output, String errors) {}

    private static Result validate(Path document) throws IOException, InterruptedException {
        Path output = WORK.resolve("out.json");
        Path errors = WORK.resolve("err.txt");
        Process node = new ProcessBuilder(List.of("node", "src/test/asyncapi/validate.mjs", document.toString()))
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        return new Result(node.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                Files.readString(errors, StandardCharsets.UTF_8));
    }
}
