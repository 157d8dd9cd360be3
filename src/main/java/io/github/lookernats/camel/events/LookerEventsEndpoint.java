package io.github.lookernats.camel.events;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Publishes the run that a looker endpoint (or a push) put on the exchange to NATS JetStream: one CloudEvent per
 * row, then the summary, every one acknowledged by JetStream, or the exchange fails.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "looker-events", title = "Looker events", syntax = "looker-events:operation",
        producerOnly = true, category = { Category.MESSAGING })
public class LookerEventsEndpoint extends DefaultEndpoint {

    static final String PUBLISH = "publish";
    static final String DEAD_LETTER = "dead-letter";

    @UriPath(enums = PUBLISH + "," + DEAD_LETTER, description = "The operation: publish a run's rows and its summary, "
            + "or store the failed run of the exchange in the dead-letter stream (an error handler's dead-letter endpoint)")
    @Metadata(required = true)
    private String operation;
    @UriParam(description = "A direct: route each row goes through first, its fields as message headers; what the route "
            + "leaves is published, and a row it stops (stop) is not")
    private String rowRoute;

    public LookerEventsEndpoint(String uri, LookerEventsComponent component) {
        super(uri, component);
    }

    @Override
    public LookerEventsComponent getComponent() {
        return (LookerEventsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (DEAD_LETTER.equals(operation)) {
            if (rowRoute != null) {
                throw new IllegalArgumentException(getEndpointUri() + ": rowRoute applies to publish, not to dead-letter");
            }
            return new DeadLetterProducer(this);
        }
        return new LookerEventsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(getEndpointUri() + " only publishes; consume the events from NATS");
    }

    public String getRowRoute() {
        return rowRoute;
    }

    public void setRowRoute(String rowRoute) {
        this.rowRoute = rowRoute;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }
}
