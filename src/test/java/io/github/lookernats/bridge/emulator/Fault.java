package io.github.lookernats.bridge.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted misbehaviour for the {@link LookerEmulator}. Each fault is used once, by the next request whose path
 * starts with its path prefix (a full request path such as {@code "/api/4.0/looks/1/run"}), or by the next run
 * request of any kind when the prefix is {@link #ANY_RUN}.
 *
 * <p>Faults that replace the answer (status, slow, malformed body) fire as soon as a matching request arrives.
 * Faults that act inside a result stream fire only once a run request has passed authentication and validation,
 * so a retried request after a 401 still gets them.
 */
public final class Fault {

    /** Prefix that matches any of the three run endpoints (every path containing {@code "/run/"}). */
    public static final String ANY_RUN = "*/run/*";

    enum Kind {
        STATUS(false), SLOW(false), MALFORMED_BODY(false),
        MALFORMED_AFTER_ROWS(true), CUT_AFTER_ROWS(true), EXPIRE_TOKEN_AFTER_ROWS(true), STALL_AFTER_ROWS(true);

        private final boolean midStream;

        Kind(boolean midStream) {
            this.midStream = midStream;
        }

        boolean midStream() {
            return midStream;
        }
    }

    private final Kind kind;
    private final String pathPrefix;
    private final int status;
    private final long rows;
    private final Duration duration;

    private Fault(Kind kind, String pathPrefix, int status, long rows, Duration duration) {
        this.kind = kind;
        this.pathPrefix = Objects.requireNonNull(pathPrefix, "pathPrefix");
        this.status = status;
        this.rows = rows;
        this.duration = duration;
    }

    /** Answer with {@code status} and Looker's standard Error body. */
    public static Fault status(String pathPrefix, int status) {
        return new Fault(Kind.STATUS, pathPrefix, checkStatus(status), 0, null);
    }

    /** Answer with {@code status}, the standard Error body and a {@code Retry-After} header in whole seconds. */
    public static Fault status(String pathPrefix, int status, Duration retryAfter) {
        return new Fault(Kind.STATUS, pathPrefix, checkStatus(status), 0, checkDuration(retryAfter));
    }

    /** Answer 200, stream {@code rows} good rows, then emit broken JSON and end the response cleanly. */
    public static Fault malformedAfterRows(String pathPrefix, long rows) {
        return new Fault(Kind.MALFORMED_AFTER_ROWS, pathPrefix, 200, checkRows(rows), null);
    }

    /** Answer 200, stream {@code rows} rows, then drop the connection without terminating the chunked body. */
    public static Fault cutAfterRows(String pathPrefix, long rows) {
        return new Fault(Kind.CUT_AFTER_ROWS, pathPrefix, 200, checkRows(rows), null);
    }

    /**
     * Answer 200, stream {@code rows} rows, then send nothing more, holding the connection open for {@code stall}
     * (a server that hangs mid-body), then drop it.
     */
    public static Fault stallAfterRows(String pathPrefix, long rows, Duration stall) {
        return new Fault(Kind.STALL_AFTER_ROWS, pathPrefix, 200, checkRows(rows), checkDuration(stall));
    }

    /** Stream normally, but invalidate every issued token after {@code rows} rows; the running response completes. */
    public static Fault expireTokenAfterRows(String pathPrefix, long rows) {
        return new Fault(Kind.EXPIRE_TOKEN_AFTER_ROWS, pathPrefix, 200, checkRows(rows), null);
    }

    /** Wait {@code delay} before answering normally. */
    public static Fault slow(String pathPrefix, Duration delay) {
        return new Fault(Kind.SLOW, pathPrefix, 0, 0, checkDuration(delay));
    }

    /** Answer 200 {@code application/json} with a body that is not JSON at all. */
    public static Fault malformedBody(String pathPrefix) {
        return new Fault(Kind.MALFORMED_BODY, pathPrefix, 200, 0, null);
    }

    boolean matches(String path) {
        return ANY_RUN.equals(pathPrefix) ? path.contains("/run/") : path.startsWith(pathPrefix);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    long rows() {
        return rows;
    }

    /** Retry-After for status faults, delay for slow faults; {@code null} when not applicable. */
    Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return "Fault[" + kind + " " + pathPrefix
                + (kind == Kind.STATUS ? " status=" + status : "")
                + (kind.midStream() ? " rows=" + rows : "")
                + (duration != null ? " duration=" + duration : "") + "]";
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return status;
    }

    private static long checkRows(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0: " + rows);
        }
        return rows;
    }

    private static Duration checkDuration(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0: " + duration);
        }
        return duration;
    }
}
