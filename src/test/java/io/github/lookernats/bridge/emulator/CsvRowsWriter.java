package io.github.lookernats.bridge.emulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Format {@code csv}: a header row of field labels, then raw values; nulls are empty cells. */
final class CsvRowsWriter implements ResultWriter {

    private final Writer out;
    private final QueryResult result;

    CsvRowsWriter(OutputStream body, QueryResult result) {
        this.out = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        this.result = result;
    }

    @Override
    public void begin() throws IOException {
        List<FieldDef> fields = result.fields();
        for (int i = 0; i < fields.size(); i++) {
            cell(i, fields.get(i).label());
        }
        out.write('\n');
    }

    @Override
    public void row(long row) throws IOException {
        List<FieldDef> fields = result.fields();
        for (int i = 0; i < fields.size(); i++) {
            Object value = result.value(row, fields.get(i));
            cell(i, value == null ? "" : value.toString());
        }
        out.write('\n');
    }

    @Override
    public void end() throws IOException {
        out.close();
    }

    @Override
    public void breakOff(long rowsWritten) throws IOException {
        out.write("\"unterminated quoted cell,");
        out.close();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void cell(int index, String text) throws IOException {
        if (index > 0) {
            out.write(',');
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0;
        out.write(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
    }
}
