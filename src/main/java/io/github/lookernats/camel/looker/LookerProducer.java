package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.telemetry.RunScope;
import org.apache.camel.support.SynchronizationAdapter;

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
        observe(exchange, run);
        run.openRows();
    }

    /**
     * The run is observed from here to the end of the exchange, as a scheduled one is; once per exchange, so a
     * redelivery of this step does not open a second scope.
     */
    private void observe(Exchange exchange, ResultRun run) {
        if (exchange.getProperty(SCOPE) != null) {
            return;
        }
        RunScope observed = getEndpoint().getComponent().getTelemetry().startRun(run, "request");
        exchange.setProperty(SCOPE, observed);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                observed.ended(done);
                observed.close();
            }
        });
    }

    private static final String SCOPE = "bridgeRunScope";
}
