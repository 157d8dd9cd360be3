package io.github.lookernats.bridge.events;

import io.github.lookernats.bridge.audit.DeliveryAudit;
import io.github.lookernats.bridge.identity.IdentityRoutes;
import io.github.lookernats.bridge.nats.JetStreamPublisher;
import io.github.lookernats.bridge.looker.ResultRow;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The pipeline every result goes through, polled or pushed: resolve the owner once, one event per row, streamed and
 * published with a window of acks in flight, then one summary once every row is acknowledged, then the run's
 * delivery record in the audit trail. Any
 * failure stops the run and is re-thrown as {@link RunIncompleteException} for the caller's error handling; no
 * summary is published for an incomplete run.
 */
@Component
public class EventRoutes extends RouteBuilder {

    /** Expects a {@link ResultRun} with its source and rows in the exchange property {@link ResultRun#PROPERTY}. */
    public static final String PUBLISH_RESULT = "direct:publish-result";

    private final LookerEventFactory events;
    private final JetStreamPublisher publisher;
    private final EventProperties properties;
    private final DeliveryAudit audit;

    public EventRoutes(LookerEventFactory events, JetStreamPublisher publisher, EventProperties properties, DeliveryAudit audit) {
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.audit = audit;
    }

    @Override
    public void configure() {
        from(PUBLISH_RESULT).routeId("publish-result").errorHandler(noErrorHandler())
                .doTry()
                    .to(IdentityRoutes.RESOLVE)
                    .process(exchange -> exchange.getMessage().setBody(
                            new RowBatches(run(exchange).rows(), properties.batchSize())))
                    .process(publisher::openWindow)
                    .split(body()).streaming().stopOnException()
                        .process(this::publishBatch)
                    .end()
                    .process(publisher::awaitAcks)
                    // the summary goes last, once every row is acknowledged
                    .process(exchange -> publisher.publish(exchange, events.summary(run(exchange))))
                    .process(publisher::awaitAcks)
                    // complete only once the audit trail has it too: a failure here fails the run like a lost event
                    .process(audit::completed)
                .endDoTry()
                .doCatch(Exception.class)
                    .process(EventRoutes::incomplete)
                .end();
    }

    private void publishBatch(Exchange exchange) throws Exception {
        ResultRun run = run(exchange);
        for (Object row : exchange.getMessage().getBody(List.class)) {
            publisher.publish(exchange, events.row(run, (ResultRow) row));
        }
    }

    private static ResultRun run(Exchange exchange) {
        return exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
    }

    private static void incomplete(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // a sub-route's error handler (identity lookups) may have marked the exchange as dealt with; the caller's
        // error handling must still see this failure
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getExchangeExtension().setFailureHandled(false);
        exchange.removeProperty(ExchangePropertyKey.UNIT_OF_WORK_EXHAUSTED);
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        throw new RunIncompleteException(run.rows() == null ? 0 : run.rows().rowCount(), cause);
    }
}
