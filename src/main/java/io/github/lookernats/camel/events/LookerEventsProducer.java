package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRun;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Hands the exchange's run to the {@link ResultPipeline}. */
public class LookerEventsProducer extends DefaultProducer {

    public LookerEventsProducer(LookerEventsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LookerEventsEndpoint getEndpoint() {
        return (LookerEventsEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        if (run == null) {
            throw new IllegalArgumentException(getEndpoint().getEndpointUri() + " publishes a Looker run: send it the "
                    + "exchange of a looker endpoint (from: looker:look:42?cron=... or to: looker:look:42) or of a push");
        }
        ResultPipeline pipeline = getEndpoint().getComponent().getPipeline();
        if (pipeline == null) {
            throw new IllegalStateException("the looker-events component has no ResultPipeline: register one in the "
                    + "registry (the bridge application does) or set it on the component");
        }
        pipeline.publish(exchange, run);
    }
}
