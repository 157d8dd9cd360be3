package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.run.ResultRun;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs its endpoint's source when an exchange arrives (from a timer, a NATS request, a webhook) and puts the new
 * {@link ResultRun} on the exchange. Looker is called here, so a failure is this step's, for the route to retry.
 */
public class LookerProducer extends DefaultProducer {

    public LookerProducer(LookerEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LookerEndpoint getEndpoint() {
        return (LookerEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) {
        ResultRun run = getEndpoint().newRun(exchange.getFromRouteId());
        LookerEndpoint.carry(exchange, run);
        run.openRows();
    }
}
