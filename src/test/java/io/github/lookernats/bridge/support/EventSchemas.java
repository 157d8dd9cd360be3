package io.github.lookernats.bridge.support;

import tools.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The event schemas published in {@code docs/events}, to check what the bridge really emits against them. */
public final class EventSchemas {

    public static final String ROW_TYPE = "io.github.lookernats.looker.row.v1";
    public static final String SUMMARY_TYPE = "io.github.lookernats.looker.summary.v1";
    private static final String DEAD_LETTER = "dead-letter";
    private static final List<String> AUDIT_KINDS = List.of("delivery", "grant", "grant-refused", "admin");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema> BY_TYPE = load();

    private EventSchemas() {}

    /** The {@code ce-dataschema} an event of this type carries: its schema's $id. */
    public static String schemaId(String type) {
        String name = type.substring("io.github.lookernats.looker.".length(), type.length() - ".v1".length());
        return "urn:io.github.lookernats:looker:" + name.replace('.', ':') + ":v1";
    }

    /** What is wrong with a dead letter's body; empty when it matches docs/events/dead-letter.v1.schema.json. */
    public static List<Error> deadLetterProblems(byte[] body) {
        return BY_TYPE.get(DEAD_LETTER).validate(JSON.readTree(body));
    }

    /** What is wrong with an event's data for its CloudEvents type; empty when it matches the schema. */
    public static List<Error> problems(String type, byte[] data) {
        Schema schema = BY_TYPE.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("no published schema for type " + type);
        }
        return schema.validate(JSON.readTree(data));
    }

    private static Map<String, Schema> load() {
        Map<String, String> byId = new HashMap<>();
        List<String> files = new java.util.ArrayList<>(List.of("identity.v1", "row.v1", "summary.v1", "dead-letter.v1"));
        AUDIT_KINDS.forEach(kind -> files.add("audit-" + kind + ".v1"));
        for (String file : files) {
            try {
                String text = Files.readString(Path.of("docs/events", file + ".schema.json"));
                byId.put(JSON.readTree(text).path("$id").asText(), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(byId)
                        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        Map<String, Schema> byType = new HashMap<>(Map.of(
                ROW_TYPE, registry.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:row:v1")),
                SUMMARY_TYPE, registry.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:summary:v1"))));
        byType.put(DEAD_LETTER, registry.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:dead-letter:v1")));
        for (String kind : AUDIT_KINDS) {
            byType.put("io.github.lookernats.looker.audit." + kind + ".v1",
                    registry.getSchema(SchemaLocation.of("urn:io.github.lookernats:looker:audit:" + kind + ":v1")));
        }
        return Map.copyOf(byType);
    }
}
