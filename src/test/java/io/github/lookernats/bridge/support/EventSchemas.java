package io.github.lookernats.bridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The event schemas published in {@code docs/events}, to check what the bridge really emits against them. */
public final class EventSchemas {

    public static final String ROW_TYPE = "io.github.lookernats.looker.row.v1";
    public static final String SUMMARY_TYPE = "io.github.lookernats.looker.summary.v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> BY_TYPE = load();

    private EventSchemas() {}

    /** What is wrong with an event's data for its CloudEvents type; empty when it matches the schema. */
    public static Set<ValidationMessage> problems(String type, byte[] data) {
        JsonSchema schema = BY_TYPE.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("no published schema for type " + type);
        }
        try {
            return schema.validate(JSON.readTree(data));
        } catch (IOException e) {
            throw new UncheckedIOException("event data is not JSON", e);
        }
    }

    private static Map<String, JsonSchema> load() {
        Map<String, String> byId = new HashMap<>();
        for (String file : List.of("identity.v1", "row.v1", "summary.v1")) {
            try {
                String text = Files.readString(Path.of("docs/events", file + ".schema.json"));
                byId.put(JSON.readTree(text).path("$id").asText(), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(byId)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return Map.of(
                ROW_TYPE, factory.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:row:v1"), config),
                SUMMARY_TYPE, factory.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:summary:v1"), config));
    }
}
