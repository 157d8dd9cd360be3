package io.github.lookernats.bridge.poll;

import io.github.lookernats.bridge.events.ResultRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** First step of each templated polling route: opens a new run for the route's {@link PollSpec}. */
public final class PollStarter implements Processor {

    private final PollSpec spec;

    public PollStarter(PollSpec spec) {
        this.spec = spec;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PollSpec.PROPERTY, spec);
        exchange.setProperty(ResultRun.PROPERTY, new ResultRun(exchange.getFromRouteId(), spec.reference()));
    }
}
