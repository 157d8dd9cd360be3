package io.github.lookernats.camel.run;

import tools.jackson.databind.JsonNode;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/**
 * Rows of one result, read one at a time. Implementations keep memory bounded: a row is parsed when it is asked
 * for, and the fingerprint is computed on the way.
 */
public interface RowSource extends Iterator<ResultRow>, Closeable {

    /** Rows read so far. */
    long rowCount();

    /** Field (column) names. */
    List<String> fields();

    /** Hex SHA-256 over the rows' canonical JSON; complete once {@link #finished()}. */
    String fingerprint();

    /** True once every row was read and the result ended well. */
    boolean finished();

    /** Small extra parts of the result for the summary (e.g. json_detail totals), or null. */
    default JsonNode extras() {
        return null;
    }

    @Override
    void close();
}
