package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRow;
import io.github.lookernats.camel.run.RowSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's rows after the team's {@link RowSteps}: only the rows the steps kept, as they left them. The count is of
 * those rows; the fingerprint stays Looker's (it tells whether the result changed); the summary also gets how many
 * rows were read and dropped, and the fields of the rows published.
 */
final class SteppedRows implements RowSource {

    private final RowSource rows;
    private final RowSteps steps;
    private final Set<String> fields = new LinkedHashSet<>();
    private ResultRow next;
    private long published;
    private long dropped;

    SteppedRows(RowSource rows, RowSteps steps) {
        this.rows = rows;
        this.steps = steps;
    }

    @Override
    public boolean hasNext() {
        while (next == null && rows.hasNext()) {
            ResultRow row = rows.next();
            try {
                next = steps.apply(row);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the row steps failed on row " + row.index() + ": " + e.getMessage(), e);
            }
            if (next == null) {
                dropped++;
            }
        }
        return next != null;
    }

    @Override
    public ResultRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ResultRow row = next;
        next = null;
        published++;
        if (row.values() != null) {
            row.values().propertyNames().forEach(fields::add);
        } else {
            fields.addAll(rows.fields()); // left as Looker sent it
        }
        return row;
    }

    @Override
    public long rowCount() {
        return published;
    }

    @Override
    public List<String> fields() {
        return published == 0 ? rows.fields() : new ArrayList<>(fields);
    }

    @Override
    public String fingerprint() {
        return rows.fingerprint();
    }

    @Override
    public boolean finished() {
        return rows.finished() && next == null;
    }

    @Override
    public JsonNode extras() {
        ObjectNode extras = rows.extras() instanceof ObjectNode original ? original.deepCopy() : JsonNodeFactory.instance.objectNode();
        extras.put("rowsRead", rows.rowCount());
        extras.put("rowsDropped", dropped);
        return extras;
    }

    @Override
    public void close() {
        rows.close();
    }
}
