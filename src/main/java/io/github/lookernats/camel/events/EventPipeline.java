package io.github.lookernats.camel.events;

import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RowSource;
import io.github.lookernats.camel.run.RunIncompleteException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline behind {@code looker-events:publish}, for polled and pushed runs alike: resolve the owner once, one
 * event per row, streamed and published with a window of acks in flight, one summary once every row is
 * acknowledged, then the run's delivery record in the audit trail. Once the rows are open, any failure stops the
 * run as a {@link RunIncompleteException}; no summary is published for an incomplete run.
 */
public class EventPipeline implements ResultPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(EventPipeline.class);

    private final LookerEventFactory events;
    private final JetStreamPublisher publisher;
    private final OwnerResolver owners;
    private final DeliveryAudit audit;

    public EventPipeline(LookerEventFactory events, JetStreamPublisher publisher, OwnerResolver owners, DeliveryAudit audit) {
        this.events = events;
        this.publisher = publisher;
        this.owners = owners;
        this.audit = audit;
    }

    @Override
    public void publish(Exchange exchange, ResultRun run) throws Exception {
        RowSource rows = run.openRows(); // a failure to reach Looker is thrown as it is: the route may retry it
        try {
            owners.resolve(exchange);
            publisher.openWindow(exchange);
            while (rows.hasNext()) {
                publisher.publish(exchange, events.row(run, rows.next()));
            }
            publisher.awaitAcks(exchange);
            // the summary goes last, once every row is acknowledged
            publisher.publish(exchange, events.summary(run));
            publisher.awaitAcks(exchange);
            // complete only once the audit trail has it too: a failure here fails the run like a lost event
            audit.completed(exchange);
        } catch (Exception e) {
            throw new RunIncompleteException(rows.rowCount(), e);
        }
        LOG.info("Published run {} of {}: {} row events and the summary", run.runId(), run.routeId(), rows.rowCount());
    }
}
