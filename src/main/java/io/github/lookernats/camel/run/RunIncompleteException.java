package io.github.lookernats.camel.run;

/**
 * A result stopped part way (a broken body, or an event JetStream would not acknowledge). The rows published so far
 * stay; the run is dead-lettered as a whole and never retried from the middle, because its row stream is spent.
 */
public class RunIncompleteException extends RuntimeException {

    private final long rowsRead;

    public RunIncompleteException(long rowsRead, Throwable cause) {
        super("Run stopped after " + rowsRead + " rows: " + cause.getMessage(), cause);
        this.rowsRead = rowsRead;
    }

    public long rowsRead() {
        return rowsRead;
    }
}
