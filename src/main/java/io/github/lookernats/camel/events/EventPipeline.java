package io.github.lookernats.camel.events;

import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RowSource;
import io.github.lookernats.camel.run.RunIncompleteException;
import io.github.lookernats.camel.telemetry.ProgressLog;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.micrometer.observation.Observation;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline behind {@code looker-events:publish}, for polled and pushed runs alike: resolve the owner once, one
 * event per row, streamed and published with a window of acks in flight, one summary once every row is
 * acknowledged, then the run's delivery record in the audit trail. Once the rows are open, any failure stops the
 * run as a {@link RunIncompleteException}; no summary is published for an incomplete run. The publishing is a span
 * whose trace context every event carries.
 */
public class EventPipeline implements ResultPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(EventPipeline.class);

    private final LookerEventFactory events;
    private final JetStreamPublisher publisher;
    private final OwnerResolver owners;
    private final DeliveryAudit audit;
    private final RunTelemetry telemetry;
    private final TraceHeaders trace;
    private final ProgressLog progress;

    public EventPipeline(LookerEventFactory events, JetStreamPublisher publisher, OwnerResolver owners, DeliveryAudit audit,
            RunTelemetry telemetry, TraceHeaders trace, ProgressLog progress) {
        this.events = events;
        this.publisher = publisher;
        this.owners = owners;
        this.audit = audit;
        this.telemetry = telemetry;
        this.trace = trace;
        this.progress = progress;
    }

    @Override
    public void publish(Exchange exchange, ResultRun run) throws Exception {
        RowSource rows = run.openRows(); // a failure to reach Looker is thrown as it is: the route may retry it
        Observation publishing = Observation.createNotStarted(RunTelemetry.PUBLISH, telemetry.observations())
                .contextualName("publish " + run.routeId())
                .lowCardinalityKeyValue("route", run.routeId())
                .start();
        ProgressLog.Tracker tracker = progress.start(run.routeId(), telemetry.rowsRead(run.routeId()));
        try (Observation.Scope scope = publishing.openScope()) {
            resolveOwner(exchange);
            run.traceContext(trace.current());
            publisher.openWindow(exchange);
            while (rows.hasNext()) {
                publisher.publish(exchange, events.row(run, rows.next()));
                tracker.rows(rows.rowCount());
            }
            publisher.awaitAcks(exchange);
            // the summary goes last, once every row is acknowledged
            publisher.publish(exchange, events.summary(run));
            publisher.awaitAcks(exchange);
            // complete only once the audit trail has it too: a failure here fails the run like a lost event
            audit.completed(exchange);
        } catch (Exception e) {
            publishing.error(e);
            throw new RunIncompleteException(rows.rowCount(), e);
        } finally {
            tracker.finished(rows.rowCount());
            publishing.highCardinalityKeyValue("rows", Long.toString(rows.rowCount())).stop();
        }
        telemetry.completed(run, rows.rowCount());
        LOG.info("Published run {} of {}: {} row events and the summary", run.runId(), run.routeId(), rows.rowCount());
    }

    private void resolveOwner(Exchange exchange) throws Exception {
        Observation resolving = Observation.start(RunTelemetry.IDENTITY, telemetry.observations());
        try (Observation.Scope scope = resolving.openScope()) {
            owners.resolve(exchange);
        } catch (Exception e) {
            resolving.error(e);
            throw e;
        } finally {
            resolving.stop();
        }
    }
}
