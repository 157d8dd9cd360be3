package io.github.lookernats.bridge.poll;

import io.github.lookernats.bridge.looker.ResultRowReader;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** State of one execution of a polling route, kept in an exchange property and shared with the split's rows. */
public final class PollRun {

    /** Exchange property holding the run. */
    public static final String PROPERTY = "bridgePollRun";

    private final String routeId;
    private final PollSpec spec;
    private final String runId = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now();
    private final AtomicLong deadLetteredRows = new AtomicLong();
    private volatile LookerSource source;
    private volatile ResultRowReader reader;

    public PollRun(String routeId, PollSpec spec) {
        this.routeId = routeId;
        this.spec = spec;
    }

    public String routeId() {
        return routeId;
    }

    public PollSpec spec() {
        return spec;
    }

    public String runId() {
        return runId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public LookerSource source() {
        return source;
    }

    void source(LookerSource source) {
        this.source = source;
    }

    public ResultRowReader reader() {
        return reader;
    }

    void reader(ResultRowReader reader) {
        this.reader = reader;
    }

    public long deadLetteredRows() {
        return deadLetteredRows.get();
    }

    public void rowDeadLettered() {
        deadLetteredRows.incrementAndGet();
    }
}
