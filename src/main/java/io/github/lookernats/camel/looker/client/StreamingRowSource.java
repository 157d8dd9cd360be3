package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.run.RowSource;
import io.github.lookernats.camel.run.ResultRow;

import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The iteration shared by the row sources: read one row when asked, number it, fingerprint it, and after a failure
 * stop for good (the stream is spent), so a run is never reported complete when it was not.
 */
public abstract class StreamingRowSource implements RowSource {

    private final RowDigest digest = new RowDigest();
    private ResultRow next;
    private long rowCount;
    private boolean finished;
    private boolean failed;

    /** Reads the next row (building it with {@link #row}), or returns null at the well-formed end of the result. */
    protected abstract ResultRow readNext() throws IOException;

    /** Describes an I/O or parse failure after {@code rowsRead} rows. */
    protected abstract LookerResultException failure(long rowsRead, Exception cause);

    @Override
    public final boolean hasNext() {
        if (next == null && !finished && !failed) {
            try {
                next = readNext();
                if (next == null) {
                    finished = true;
                    close();
                }
            } catch (LookerResultException | LookerRequestException e) {
                failed = true;
                close();
                throw e;
            } catch (IOException | RuntimeException e) {
                failed = true;
                close();
                throw failure(rowCount, e);
            }
        }
        return next != null;
    }

    @Override
    public final ResultRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ResultRow row = next;
        next = null;
        return row;
    }

    /** Numbers and fingerprints a row read from the stream. */
    protected final ResultRow row(ObjectNode values, byte[] canonicalJson, String part, ObjectNode extras) {
        digest.add(canonicalJson);
        return new ResultRow(rowCount++, values, canonicalJson, part, extras);
    }

    @Override
    public final long rowCount() {
        return rowCount;
    }

    @Override
    public final String fingerprint() {
        return digest.hex();
    }

    @Override
    public final boolean finished() {
        return finished;
    }
}
