package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.io.OutputStream;

/** Format {@code json}: an array of row objects keyed by {@code view.field} with raw values. */
final class JsonRowsWriter extends JsonResultWriter {

    JsonRowsWriter(OutputStream body, QueryResult result) throws IOException {
        super(body, result);
    }

    @Override
    public void begin() throws IOException {
        json.writeStartArray();
    }

    @Override
    public void row(long row) throws IOException {
        json.writeStartObject();
        for (FieldDef field : result.fields()) {
            json.writeName(field.name());
            writeValue(result.value(row, field));
        }
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.close();
    }
}
