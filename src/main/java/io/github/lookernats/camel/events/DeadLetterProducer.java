package io.github.lookernats.camel.events;

import io.github.lookernats.camel.errors.DeadLetterWriter;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code looker-events:dead-letter}: stores the exchange's failed run (the exception Camel caught, the run and its
 * input) in the dead-letter stream, with its audit record. A letter that cannot be stored fails the exchange.
 */
class DeadLetterProducer extends DefaultProducer {

    DeadLetterProducer(LookerEventsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        component().resolveDeadLetterWriter();
    }

    private LookerEventsComponent component() {
        return ((LookerEventsEndpoint) getEndpoint()).getComponent();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetterWriter writer = component().resolveDeadLetterWriter();
        if (writer == null) {
            throw new IllegalStateException("the looker-events component has no DeadLetterWriter: set servers, or "
                    + "register one (the bridge application does)");
        }
        try {
            writer.store(exchange);
        } catch (DeadLetterWriter.LetterNotStoredException e) {
            throw e.cause();
        }
    }
}
