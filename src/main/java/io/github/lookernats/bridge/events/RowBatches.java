package io.github.lookernats.bridge.events;

import io.github.lookernats.bridge.looker.ResultRow;
import io.github.lookernats.bridge.looker.RowSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Groups a row stream into small batches for the split: Camel's per-exchange work then happens once per batch, not
 * once per row, while memory stays bounded by the batch size.
 */
final class RowBatches implements Iterator<List<ResultRow>> {

    private final RowSource rows;
    private final int size;

    RowBatches(RowSource rows, int size) {
        this.rows = rows;
        this.size = size;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public List<ResultRow> next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        List<ResultRow> batch = new ArrayList<>(size);
        while (batch.size() < size && rows.hasNext()) {
            batch.add(rows.next());
        }
        return batch;
    }
}
