package io.github.lookernats.bridge.looker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
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

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private final Iterator<Part> parts;
    private final ObjectMapper mapper;
    private final Set<String> fields = new LinkedHashSet<>();
    private final List<ObjectNode> partSummaries = new ArrayList<>();
    private MappingIterator<List<String>> rows;
    private List<String> header;
    private String partName;
    private ObjectNode partSummary;

    public CsvRowSource(Iterator<Part> parts, ObjectMapper mapper) {
        this.parts = parts;
        this.mapper = mapper;
    }

    @Override
    protected ResultRow readNext() throws IOException {
        while (true) {
            if (rows == null && !openNextPart()) {
                return null;
            }
            if (rows.hasNextValue()) {
                List<String> cells = rows.nextValue();
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
        rows = CSV.readerForListOf(String.class).readValues(part.text());
        header = rows.hasNextValue() ? columnNames(rows.nextValue()) : List.of();
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
        return row(values, mapper.writeValueAsBytes(values), partName, extras);
    }

    /** Header cells as keys; blank or repeated ones (Looker's row-number column) get a positional name. */
    private static List<String> columnNames(List<String> headerCells) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < headerCells.size(); i++) {
            String name = headerCells.get(i).strip();
            names.add(name.isEmpty() || names.contains(name) ? "column_" + (i + 1) : name);
        }
        return names;
    }

    @Override
    protected LookerResultException failure(long rowsRead, Exception cause) {
        return new LookerResultException("Malformed CSV after " + rowsRead + " rows: " + cause.getMessage(), cause);
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
        } catch (IOException ignored) {
            // nothing left to report for a closed table
        }
    }
}
