package io.github.lookernats.camel.run;

import tools.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One result on its way to NATS: a polled run or a pushed delivery. Kept in an exchange property and shared with
 * the split's rows.
 */
public final class ResultRun {

    /** Exchange property holding the run. */
    public static final String PROPERTY = "bridgeRun";

    private final String routeId;
    private final String runId = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now();
    private final JsonNode input;
    private volatile LookerSource source;
    private volatile String format;
    private volatile RowSource rows;
    private volatile Identity identity;
    private volatile Opener opener;
    private volatile java.util.Map<String, String> traceContext = java.util.Map.of();
    private final java.util.Map<String, Object> memo = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param routeId the route the run belongs to; names its dead letters
     * @param input what started the run, recorded in a dead letter if it fails (a poll reference or the delivery)
     */
    public ResultRun(String routeId, JsonNode input) {
        this.routeId = routeId;
        this.input = input;
    }

    public String routeId() {
        return routeId;
    }

    public String runId() {
        return runId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public JsonNode input() {
        return input;
    }

    /** The pushed schedule's action ({@code input.action}), or null for a poll. */
    public String action() {
        return input == null ? null : input.path("action").asString(null);
    }

    /**
     * The W3C trace context of the run's publishing ({@code traceparent}, {@code tracestate}), carried into its
     * events' headers; empty when tracing is off.
     */
    public java.util.Map<String, String> traceContext() {
        return traceContext;
    }

    public void traceContext(java.util.Map<String, String> traceContext) {
        this.traceContext = java.util.Map.copyOf(traceContext);
    }

    public LookerSource source() {
        return source;
    }

    public void source(LookerSource source) {
        this.source = source;
    }

    /** Looker's name of the result format, e.g. {@code json_detail} or {@code csv_zip}. */
    public String format() {
        return format;
    }

    public RowSource rows() {
        return rows;
    }

    /** Who owns the result; null when identity enrichment is off. */
    public Identity identity() {
        return identity;
    }

    public void identity(Identity identity) {
        this.identity = identity;
    }

    /**
     * A value computed once per run (subjects, source URI, event templates), not once per row. Computed outside the
     * map, so one memo may use another; a null result is not kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> compute) {
        T value = (T) memo.get(key);
        if (value == null) {
            value = compute.get();
            if (value != null) {
                T earlier = (T) memo.putIfAbsent(key, value);
                value = earlier != null ? earlier : value;
            }
        }
        return value;
    }

    public void rows(String format, RowSource rows) {
        this.format = format;
        this.rows = rows;
    }

    /** Reads a run's source when its rows are first needed. */
    @FunctionalInterface
    public interface Opener {
        /** Sets the run's source and rows, or throws what stopped it (a retryable Looker failure, say). */
        void open(ResultRun run);
    }

    /**
     * Opens the run on first use rather than when it is created: a polled run then calls Looker inside its route,
     * where the route's error handling retries what Looker could not answer.
     */
    public ResultRun opener(Opener opener) {
        this.opener = opener;
        return this;
    }

    /** The rows, opened now if they are not yet; fails if the run has neither rows nor a way to open them. */
    public RowSource openRows() {
        if (rows == null) {
            if (opener == null) {
                throw new IllegalStateException("run " + runId + " of " + routeId + " has no rows to publish");
            }
            opener.open(this);
        }
        return rows;
    }

    /** Closes the rows if they were opened; a run that never read Looker has nothing to close. */
    public void closeRows() {
        RowSource opened = rows;
        if (opened != null) {
            opened.close();
        }
    }
}
