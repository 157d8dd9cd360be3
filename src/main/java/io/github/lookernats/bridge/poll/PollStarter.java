package io.github.lookernats.bridge.poll;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** First step of each templated polling route: opens a new run for the route's {@link PollSpec}. */
final class PollStarter implements Processor {

    private final PollSpec spec;

    PollStarter(PollSpec spec) {
        this.spec = spec;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PollRun.PROPERTY, new PollRun(exchange.getFromRouteId(), spec));
    }
}
