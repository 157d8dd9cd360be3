package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.run.ResultRow;
import io.github.lookernats.camel.looker.ResultFormat;

import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the rows of a Looker result one at a time with a Jackson {@link JsonParser}, so memory stays bounded
 * whatever the result size. Camel 4.17 has no streaming JSON splitter (jsonpath and camel-jackson read the whole
 * document), hence this small reader. While reading it keeps the field names and a SHA-256 fingerprint over the
 * rows' canonical bytes.
 */
public class ResultRowReader extends StreamingRowSource {

    private final JsonParser parser;
    private final ObjectMapper mapper;
    private final ResultFormat format;
    private final List<String> fields = new ArrayList<>();
    private final List<String> queryErrors = new ArrayList<>();
    private boolean inRows;
    private JsonNode totals;
    private final ByteArrayOutputStream rowBuffer = new ByteArrayOutputStream(1024);
    private JsonGenerator rowWriter;

    public ResultRowReader(InputStream body, ResultFormat format, ObjectMapper mapper) {
        this(parserFor(Utf8Check.checking(body), exact(mapper)), format, exact(mapper));
    }

    private ResultRowReader(JsonParser parser, ResultFormat format, ObjectMapper mapper) {
        this.mapper = mapper;
        this.format = format;
        this.parser = parser;
    }

    /** Rows of a result that is already a JSON tree (inline JSON in a pushed delivery). */
    public static ResultRowReader fromTree(JsonNode result, ResultFormat format, ObjectMapper mapper) {
        ObjectMapper exact = exact(mapper);
        return new ResultRowReader(exact.treeAsTokens(result), format, exact);
    }

    /** Big decimals keep every digit of a value (numbers above 2^53 or with long fractions). */
    private static ObjectMapper exact(ObjectMapper mapper) {
        return mapper.rebuild().enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    private static JsonParser parserFor(InputStream body, ObjectMapper mapper) {
        try {
            return mapper.createParser(body);
        } catch (JacksonException e) {
            throw new LookerResultException("Cannot read Looker result: " + e.getMessage(), e);
        }
    }

    /** Field names: from {@code fields} for json_detail, from the first row for json. */
    @Override
    public List<String> fields() {
        return List.copyOf(fields);
    }

    @Override
    public JsonNode extras() {
        return totals;
    }

    @Override
    public void close() {
        try {
            if (rowWriter != null) {
                rowWriter.close();
            }
        } catch (JacksonException ignored) {
            // an in-memory writer has nothing to report
        }
        try {
            parser.close();
        } catch (JacksonException ignored) {
            // closing a broken stream has nothing left to report
        }
    }

    @Override
    protected ResultRow readNext() throws IOException {
        if (!inRows && !enterRows()) {
            finish();
            // Looker's json_detail always has "data" (an empty array when there are no rows); without it the
            // result is not one, and "complete with 0 rows" would be a lie
            throw malformed("a json_detail result has no \"data\" array of rows");
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            inRows = false;
            if (format == ResultFormat.JSON_DETAIL) {
                readDetailTail();
            }
            finish();
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw malformed("expected a row object but found " + token);
        }
        byte[] canonical = copyRow();
        if (rowCount() == 0 && format == ResultFormat.JSON) {
            JsonNode first = mapper.readTree(canonical);
            if (first.size() == 1 && first.hasNonNull(LookerErrors.LOOKER_ERROR)) {
                // a failed query can answer 200 with one error row instead of rows: never publish it as data
                throw new LookerRequestException(200, "Looker reported a query error: " + first.get(LookerErrors.LOOKER_ERROR).asText());
            }
            first.propertyNames().forEach(fields::add);
        }
        return row(null, canonical, null, null);
    }

    /**
     * Copies the current row object token by token into compact bytes, numbers exactly as sent: no tree is built,
     * which matters at a million rows. One generator serves every row (rows are root values with no separator).
     */
    private byte[] copyRow() throws IOException {
        if (rowWriter == null) {
            rowWriter = mapper.writer().withRootValueSeparator((String) null).createGenerator(rowBuffer);
        }
        rowBuffer.reset();
        int depth = 0;
        while (true) {
            JsonToken token = parser.currentToken();
            if (token.isNumeric()) {
                // the literal as Looker wrote it: -0.0 and 1e-07 stay so (a BigDecimal would make them 0.0 and 1E-7)
                rowWriter.writeNumber(parser.getString());
            } else {
                rowWriter.copyCurrentEventExact(parser);
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                break;
            }
            if (parser.nextToken() == null) {
                throw malformed("the result ended inside a row");
            }
        }
        rowWriter.flush();
        return rowBuffer.toByteArray();
    }

    /** Positions the parser inside the row array. False when the result has no rows at all. */
    private boolean enterRows() throws IOException {
        JsonToken first = parser.nextToken();
        if (format == ResultFormat.JSON) {
            if (first != JsonToken.START_ARRAY) {
                throw malformed("a json result must be an array of rows, but it starts with " + first);
            }
            inRows = true;
            return true;
        }
        if (first != JsonToken.START_OBJECT) {
            throw malformed("a json_detail result must be an object, but it starts with " + first);
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("data".equals(name) && value == JsonToken.START_ARRAY) {
                inRows = true;
                return true;
            }
            readDetailMember(name);
        }
        return false;
    }

    private void readDetailTail() throws IOException {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            readDetailMember(name);
        }
    }

    private void readDetailMember(String name) throws IOException {
        if ("fields".equals(name)) {
            JsonNode meta = parser.readValueAsTree();
            for (String group : List.of("dimensions", "measures", "table_calculations")) {
                meta.path(group).forEach(field -> fields.add(field.path("name").asText()));
            }
        } else if ("totals_data".equals(name)) {
            JsonNode value = parser.readValueAsTree();
            totals = value == null || value.isNull() ? null : mapper.createObjectNode().set("totals", value);
        } else if ("errors".equals(name)) {
            JsonNode errors = parser.readValueAsTree();
            errors.forEach(error -> queryErrors.add(error.path("message").asText(error.toString())));
        } else {
            parser.skipChildren();
        }
    }

    private void finish() throws IOException {
        if (!queryErrors.isEmpty()) {
            throw new LookerRequestException(200, "Looker reported query errors: " + String.join("; ", queryErrors));
        }
        if (parser.nextToken() != null) {
            throw malformed("unexpected content after the end of the result");
        }
    }

    private LookerResultException malformed(String problem) {
        return new RejectedInputException(400, "Malformed Looker result after " + rowCount() + " rows: " + problem, null);
    }

    @Override
    protected LookerResultException failure(long rowsRead, Exception cause) {
        // Jackson 3 wraps the stream's own I/O errors: those are a broken or stalled body, not malformed JSON
        Throwable root = cause instanceof JacksonIOException io && io.getCause() != null ? io.getCause() : cause;
        if (root instanceof tools.jackson.core.JacksonException || root instanceof Utf8Check.MalformedUtf8Exception) {
            return new RejectedInputException(400, "Malformed Looker result after " + rowsRead + " rows: "
                    + root.getClass().getSimpleName() + ": " + root.getMessage(), cause);
        }
        String kind = root instanceof TimedBody.BodyTimeoutException ? "Stalled" : "Broken";
        return new LookerResultException(kind + " Looker result after " + rowsRead + " rows: "
                + root.getClass().getSimpleName() + ": " + root.getMessage(), cause);
    }

}
