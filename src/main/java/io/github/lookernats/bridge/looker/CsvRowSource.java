package io.github.lookernats.bridge.looker;

import io.github.lookernats.camel.looker.client.StreamingRowSource;
import io.github.lookernats.camel.looker.client.LookerResultException;
import io.github.lookernats.camel.looker.client.RejectedInputException;
import io.github.lookernats.camel.looker.client.InputLimitException;
import io.github.lookernats.camel.looker.client.Utf8Check;

import io.github.lookernats.camel.run.ResultRow;

import io.github.lookernats.camel.looker.client.TimedBody;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.io.FilterReader;
import java.io.Reader;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Streams the rows of one or more CSV tables (a CSV attachment, or the tiles of a dashboard {@code csv_zip}). Each
 * row is keyed by its table's header row, as Looker's column order does not follow {@code query.fields}. Values
 * stay text; those that are safely numbers are also given as numbers, under {@code numbers}.
 */
public class CsvRowSource extends StreamingRowSource {

    /** One table: its name (a dashboard tile, or null) and its text. */
    public record Part(String name, Reader text) {}

    /** How the header lines of a pivoted table are joined into one column name. */
    public static final String HEADER_JOIN = " / ";

    /** Room for the parser's read-ahead on top of a row's own size. */
    private static final int READ_AHEAD = 16 * 1024;

    private final Iterator<Part> parts;
    private final ObjectMapper mapper;
    private final Set<String> fields = new LinkedHashSet<>();
    private final List<ObjectNode> partSummaries = new ArrayList<>();
    private MappingIterator<List<String>> rows;
    private List<String> header;
    private String partName;
    private ObjectNode partSummary;

    private final CsvMapper csv;
    private final CsvLimits limits;
    private CountingReader text;
    /** Whether the current table leads with Looker's row-number column. */
    private boolean rowNumbers;
    /** A record read while looking for more header lines, not yet returned. */
    private List<String> pending;

    public CsvRowSource(Iterator<Part> parts, ObjectMapper mapper, CsvLimits limits) {
        this.parts = parts;
        this.mapper = mapper;
        this.limits = limits;
        CsvFactory factory = CsvFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(limits.maxCellChars()).build())
                .build();
        this.csv = new CsvMapper.Builder(factory).enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    }

    @Override
    protected ResultRow readNext() throws IOException {
        while (true) {
            if (rows == null && !openNextPart()) {
                return null;
            }
            if (pending != null || rows.hasNextValue()) {
                List<String> cells = pending != null ? pending : nextRecord();
                pending = null;
                if (cells.size() == 1 && cells.get(0).isEmpty()) {
                    continue; // a blank line
                }
                return toRow(cells);
            }
            rows.close();
            rows = null;
        }
    }

    private boolean openNextPart() throws IOException {
        if (!parts.hasNext()) {
            return false;
        }
        Part part = parts.next();
        partName = part.name();
        text = new CountingReader(part.text(), (long) limits.maxRowChars() + READ_AHEAD, partName);
        rows = csv.readerForListOf(String.class).readValues(text);
        if (!rows.hasNextValue()) {
            // Looker writes a header row even for an empty result: a table without one holds no data at all
            throw new RejectedInputException(400, "the CSV " + where() + "is empty: it has no header row", null);
        }
        List<List<String>> headerLines = new ArrayList<>();
        headerLines.add(nextRecord());
        // Looker's dashboard CSVs lead with a row-number column (its header cell blank): a pivoted tile then has
        // more header lines, blank in that column, before the first numbered row
        rowNumbers = !headerLines.get(0).isEmpty() && headerLines.get(0).get(0).isBlank();
        while (rowNumbers && rows.hasNextValue()) {
            List<String> next = nextRecord();
            if (next.get(0).isBlank() && !allBlank(next)) {
                headerLines.add(next);
            } else {
                pending = next;
                break;
            }
        }
        header = columnNames(combined(headerLines));
        fields.addAll(header);
        partSummary = mapper.createObjectNode();
        if (partName != null) {
            partSummary.put("name", partName);
            partSummary.put("rows", 0);
            partSummaries.add(partSummary);
        }
        return true;
    }

    private ResultRow toRow(List<String> cells) throws IOException {
        ObjectNode values = mapper.createObjectNode();
        ObjectNode numbers = mapper.createObjectNode();
        for (int i = 0; i < cells.size(); i++) {
            String column = i < header.size() ? header.get(i) : "column_" + (i + 1);
            values.put(column, cells.get(i));
            BigDecimal number = FormattedNumbers.parse(cells.get(i));
            if (number != null) {
                numbers.put(column, number);
            }
        }
        if (partName != null) {
            partSummary.put("rows", partSummary.path("rows").asLong() + 1);
        }
        ObjectNode extras = numbers.isEmpty() ? null : mapper.createObjectNode().set("numbers", numbers);
        if (rowNumbers && !cells.isEmpty() && cells.get(0).isBlank()) {
            // a numbered table's row without a number: Looker's totals (or subtotals) row
            extras = extras == null ? mapper.createObjectNode() : extras;
            extras.put("rowKind", "total");
        }
        return row(values, mapper.writeValueAsBytes(values), partName, extras);
    }

    /** The next record, within the row and column limits; the reader's count restarts for the record after it. */
    private List<String> nextRecord() {
        List<String> cells = rows.nextValue();
        text.recordEnded();
        if (cells.size() > limits.maxColumns()) {
            throw new InputLimitException(422, "a CSV row " + where() + "has " + cells.size()
                    + " columns, more than the limit of " + limits.maxColumns() + " (bridge.push.limits.max-columns)");
        }
        return cells;
    }

    private String where() {
        return partName == null ? "" : "of '" + partName + "' ";
    }

    /**
     * One name per column from several header lines (a pivot's): the non-blank cells of the column, top line
     * first, joined with {@value #HEADER_JOIN}, e.g. {@code Orders Count / complete}.
     */
    private static List<String> combined(List<List<String>> lines) {
        if (lines.size() == 1) {
            return lines.get(0);
        }
        int width = lines.stream().mapToInt(List::size).max().orElse(0);
        List<String> names = new ArrayList<>(width);
        for (int column = 0; column < width; column++) {
            List<String> parts = new ArrayList<>();
            for (List<String> line : lines) {
                if (column < line.size() && !line.get(column).isBlank()) {
                    parts.add(line.get(column).strip());
                }
            }
            names.add(String.join(HEADER_JOIN, parts));
        }
        return names;
    }

    private static boolean allBlank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    /** Header cells as keys; blank or repeated ones (Looker's row-number column) get a positional name. */
    private static List<String> columnNames(List<String> headerCells) {
        List<String> names = new ArrayList<>(headerCells.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < headerCells.size(); i++) {
            String name = headerCells.get(i).strip();
            String unique = name.isEmpty() || seen.contains(name) ? "column_" + (i + 1) : name;
            seen.add(unique);
            names.add(unique);
        }
        return names;
    }

    /**
     * Counts what the CSV parser reads since the last complete record. The parser reads ahead in small blocks, so
     * the count bounds the record being parsed: past the limit, the row is refused before it can fill the heap.
     */
    private static final class CountingReader extends FilterReader {
        private final long limit;
        private final String part;
        private long sinceRecord;

        CountingReader(Reader in, long limit, String part) {
            super(in);
            this.limit = limit;
            this.part = part;
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int chars) {
            sinceRecord += chars;
            if (sinceRecord > limit) {
                throw new InputLimitException(413, "a CSV row " + (part == null ? "" : "of '" + part + "' ")
                        + "is longer than the limit of " + (limit - READ_AHEAD) + " characters (bridge.push.limits.max-row-size)");
            }
        }
    }

    @Override
    protected LookerResultException failure(long rowsRead, Exception cause) {
        RejectedInputException rejected = RejectedInputException.in(cause);
        if (rejected != null) {
            return rejected;
        }
        if (cause instanceof StreamConstraintsException) {
            return new InputLimitException(413, "a CSV cell after " + rowsRead + " rows is longer than the limit of "
                    + limits.maxCellChars() + " characters (bridge.push.limits.max-cell-size)");
        }
        Throwable root = cause instanceof JacksonIOException io && io.getCause() != null ? io.getCause() : cause;
        if (root instanceof JacksonException || root instanceof Utf8Check.MalformedUtf8Exception) {
            return new RejectedInputException(400, "Malformed CSV after " + rowsRead + " rows: " + root.getMessage(), cause);
        }
        String kind = root instanceof TimedBody.BodyTimeoutException ? "Stalled" : "Broken";
        return new LookerResultException(kind + " CSV after " + rowsRead + " rows: " + root.getMessage(), cause);
    }

    @Override
    public List<String> fields() {
        return List.copyOf(fields);
    }

    @Override
    public JsonNode extras() {
        return partSummaries.isEmpty() ? null : mapper.createObjectNode().set("parts", mapper.valueToTree(partSummaries));
    }

    @Override
    public void close() {
        try {
            if (rows != null) {
                rows.close();
            }
        } catch (JacksonException ignored) {
            // nothing left to report for a closed table
        }
    }
}
