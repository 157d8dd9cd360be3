package io.github.lookernats.camel.audit;

import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.Identity;
import io.github.lookernats.camel.run.RowSource;
import io.github.lookernats.camel.nats.AckWindow;
import java.util.List;
import org.apache.camel.Exchange;

/** Turns a finished run into its delivery record: what was read, whose it is, and where JetStream stored it. */
public class DeliveryAudit {

    /** Exchange property set by a dead-letter replay: its run is recorded as {@code replayed}. */
    public static final String REPLAY = "bridgeReplay";
    /** A run that failed has no fingerprint: its rows were not all read. */
    private static final String DEAD_LETTERED = "dead-lettered";

    private final AuditTrail trail;
    private final LookerEventFactory events;

    public DeliveryAudit(AuditTrail trail, LookerEventFactory events) {
        this.trail = trail;
        this.events = events;
    }

    /** After the summary is acknowledged: the run is stored completely. */
    public void completed(Exchange exchange) throws Exception {
        String outcome = Boolean.TRUE.equals(exchange.getProperty(REPLAY, Boolean.class)) ? "replayed" : "complete";
        trail.delivery(record(exchange, outcome, null));
    }

    /** After the run's dead letter is stored; the events it published before failing are in the record too. */
    public void deadLettered(Exchange exchange, String reason) throws Exception {
        trail.delivery(record(exchange, DEAD_LETTERED, reason));
    }

    private DeliveryRecord record(Exchange exchange, String outcome, String reason) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        if (run == null) { // failed before a run began: only the route is known
            return new DeliveryRecord(exchange.getExchangeId(), exchange.getFromRouteId(), null, null, null, null,
                    List.of(), null, null, null, 0L, 0L, null, null, outcome, reason);
        }
        AckWindow window = exchange.getProperty(AckWindow.PROPERTY, AckWindow.class);
        AckWindow.Acknowledged acks = window == null ? null : window.acknowledgements();
        boolean anyAck = acks != null && acks.count() > 0;
        LookerSource source = run.source();
        Identity identity = run.identity();
        RowSource rows = run.rows();
        String action = run.action();
        return new DeliveryRecord(run.runId(), run.routeId(), action,
                source == null ? null : new DeliveryRecord.Source(source.kind(), source.id(), source.title()),
                identity == null ? null : identity.owner(),
                identity == null ? null : identity.team(),
                source == null ? List.of() : events.subjects(run),
                anyAck ? acks.stream() : null,
                anyAck ? acks.firstSequence() : null,
                anyAck ? acks.lastSequence() : null,
                acks == null ? 0L : acks.count(),
                acks == null ? 0L : acks.duplicates(),
                rows == null ? null : rows.rowCount(),
                rows == null || DEAD_LETTERED.equals(outcome) ? null : "sha256:" + rows.fingerprint(),
                outcome, reason);
    }
}
