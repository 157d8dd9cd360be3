package io.github.lookernats.camel.events;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.camel.run.ResultRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Writes the data of one run's row events, {@code {"index", "format", "part"?, "row", <extras>?, "identity"?}}, with
 * one streaming generator for the whole run: the row goes in as the canonical bytes already made for its id, the
 * identity as bytes made once. Like the run's row source it serves one thread at a time (the split is sequential).
 */
final class RowBodyWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final JsonGenerator json;
    private final String format;
    private final RawJson identity;

    /**
     * @param format Looker's name of the result format
     * @param identity the run's identity block as JSON, or null when enrichment is off
     */
    RowBodyWriter(ObjectMapper mapper, String format, RawJson identity) {
        // each body is a root value of its own: no separator between them
        this.json = mapper.writer().withRootValueSeparator((String) null).createGenerator(buffer);
        this.format = format;
        this.identity = identity;
    }

    byte[] write(ResultRow row) throws IOException {
        buffer.reset();
        json.writeStartObject();
        json.writeNumberProperty("index", row.index());
        json.writeStringProperty("format", format);
        if (row.part() != null) {
            json.writeStringProperty("part", row.part());
        }
        json.writeName("row");
        json.writeRawValue(new RawJson(row.canonicalJson()));
        if (row.extras() != null) {
            for (Map.Entry<String, JsonNode> extra : row.extras().properties()) {
                json.writeName(extra.getKey());
                json.writeTree(extra.getValue());
            }
        }
        if (identity != null) {
            json.writeName("identity");
            json.writeRawValue(identity);
        }
        json.writeEndObject();
        json.flush();
        return buffer.toByteArray();
    }
}
