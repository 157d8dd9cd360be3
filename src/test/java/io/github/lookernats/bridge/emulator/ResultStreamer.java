package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Streams a result with chunked transfer, applying a mid-stream fault if one is queued for the request. */
final class ResultStreamer {

    private final FaultQueue faults;
    private final TokenStore tokens;
    private final PrerenderedResults prerendered;

    ResultStreamer(FaultQueue faults, TokenStore tokens, PrerenderedResults prerendered) {
        this.faults = faults;
        this.tokens = tokens;
        this.prerendered = prerendered;
    }

    void stream(ApiCall call, ResultFormat format, QueryResult result) throws IOException {
        Fault fault = faults.take(call.path(), true);
        Optional<Path> rendered = fault == null ? prerendered.find(format, result) : Optional.empty();
        if (rendered.isPresent()) {
            try (OutputStream body = call.startStream(format.contentType())) {
                Files.copy(rendered.get(), body);
            }
            return;
        }
        ResultWriter writer = format.open(call.startStream(format.contentType()), result);
        writer.begin();
        for (long row = 0; row < result.rows(); row++) {
            if (fault != null && fault.rows() == row) {
                if (finishedByFault(fault, writer, row)) {
                    return;
                }
                fault = null;
            }
            writer.row(row);
        }
        // A fault set beyond the end of a short result still fires, after the last row.
        if (fault != null && finishedByFault(fault, writer, result.rows())) {
            return;
        }
        writer.end();
    }

    /** Holds the response open without sending; the bridge's idle timeout is what should end it. */
    private static void stall(java.time.Duration duration) {
        try {
            new java.util.concurrent.CountDownLatch(1).await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns true when the fault has ended the response. */
    private boolean finishedByFault(Fault fault, ResultWriter writer, long rowsWritten) throws IOException {
        switch (fault.kind()) {
            case MALFORMED_AFTER_ROWS -> {
                writer.breakOff(rowsWritten);
                return true;
            }
            case CUT_AFTER_ROWS -> {
                writer.flush();
                throw new ConnectionAbort();
            }
            case STALL_AFTER_ROWS -> {
                writer.flush();
                stall(fault.duration());
                throw new ConnectionAbort();
            }
            case EXPIRE_TOKEN_AFTER_ROWS -> {
                tokens.revokeAll();
                return false;
            }
            default -> throw new IllegalStateException("not a mid-stream fault: " + fault);
        }
    }
}
