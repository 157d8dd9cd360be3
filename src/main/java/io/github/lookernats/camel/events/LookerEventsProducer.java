package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RowSource;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/** Hands the exchange's run to the {@link ResultPipeline}, through the endpoint's {@link RowSteps} if it has any. */
public class LookerEventsProducer extends DefaultProducer {

    private Producer rowRoute;
    private RowSteps rowSteps;

    public LookerEventsProducer(LookerEventsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LookerEventsEndpoint getEndpoint() {
        return (LookerEventsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().resolvePipeline(); // a component of its own connects now, so a bad setting fails the start
        String uri = getEndpoint().getRowRoute();
        if (uri != null) {
            rowRoute = getEndpoint().getCamelContext().getEndpoint(uri).createProducer();
            ServiceHelper.startService(rowRoute);
            rowSteps = new RowSteps(uri, rowRoute);
        }
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(rowRoute);
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        if (run == null) {
            throw new IllegalArgumentException(getEndpoint().getEndpointUri() + " publishes a Looker run: send it the "
                    + "exchange of a looker endpoint (from: looker:look:42?cron=... or to: looker:look:42) or of a push");
        }
        ResultPipeline pipeline = getEndpoint().getComponent().resolvePipeline();
        if (pipeline == null) {
            throw new IllegalStateException("the looker-events component has no ResultPipeline: set its servers option "
                    + "(the NATS URLs), or register one (the bridge application does)");
        }
        if (rowSteps != null) {
            // opened here, inside the route: a Looker failure is still this step's to retry
            RowSource opened = run.openRows();
            if (!(opened instanceof SteppedRows)) { // a redelivered exchange has them already
                run.rows(run.format(), new SteppedRows(opened, rowSteps));
            }
        }
        pipeline.publish(exchange, run);
    }
}
