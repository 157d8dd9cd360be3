package io.github.lookernats.bridge.emulator;

import tools.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;

/** Shared plumbing of the JSON formats: one generator straight onto the response body. */
abstract class JsonResultWriter implements ResultWriter {

    protected final JsonGenerator json;
    protected final QueryResult result;

    JsonResultWriter(OutputStream body, QueryResult result) throws IOException {
        this.json = Json.STREAMING.createGenerator(body);
        this.result = result;
    }

    @Override
    public void breakOff(long rowsWritten) throws IOException {
        String separator = rowsWritten > 0 ? "," : "";
        json.writeRaw(separator + "{\"" + result.fields().get(0).name() + "\": ,,,");
        json.close();
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    protected void writeValue(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else {
            json.writeString(value.toString());
        }
    }
}
