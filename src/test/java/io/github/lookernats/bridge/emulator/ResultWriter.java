package io.github.lookernats.bridge.emulator;

import java.io.IOException;

/** Writes one result format row by row onto a response body, never holding more than one row. */
interface ResultWriter {

    void begin() throws IOException;

    void row(long row) throws IOException;

    /** Completes the document and closes the body. */
    void end() throws IOException;

    /** Appends a syntactically broken fragment after {@code rowsWritten} rows and closes the body. */
    void breakOff(long rowsWritten) throws IOException;

    /** Pushes everything written so far to the client. */
    void flush() throws IOException;
}
