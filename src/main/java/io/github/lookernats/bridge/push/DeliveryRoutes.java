package io.github.lookernats.bridge.push;

import io.github.lookernats.bridge.errors.ErrorHandlingConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * A pushed delivery, synchronously: its events are all acknowledged by JetStream, or the delivery is stored in the
 * dead-letter stream, before the HTTP caller gets its answer. If even the dead letter cannot be stored, the failure
 * reaches the caller, who answers with an error so that Looker tries again.
 */
@Component
public class DeliveryRoutes extends RouteBuilder {

    public static final String DELIVERY = "direct:looker-delivery";
    /** Exchange property: the looker-events endpoint of the delivery, set by {@link DeliveryRunner#prepare}. */
    public static final String PUBLISH_URI = "bridgePublishUri";
    /** Exchange property: {@code published} or {@code dead-lettered}. */
    public static final String OUTCOME = "bridgeDeliveryOutcome";

    private final DeliveryRunner runner;

    public DeliveryRoutes(DeliveryRunner runner) {
        this.runner = runner;
    }

    @Override
    public void configure() {
        from(DELIVERY).routeId("looker-delivery").errorHandler(noErrorHandler())
                .doTry()
                    .bean(runner, "prepare")
                    // the delivery's own row steps, if bridge.push.row-routes names some for its route
                    .toD("${exchangeProperty." + PUBLISH_URI + "}")
                    .setProperty(OUTCOME, constant("published"))
                .doCatch(Exception.class)
                    .to(ErrorHandlingConfiguration.DEAD_LETTER)
                    .setProperty(OUTCOME, constant("dead-lettered"))
                    .process(DeliveryRoutes::rethrowRejection)
                .end();
    }

    /** A delivery Looker sent wrongly is stored, and still answered with its 4xx. */
    private static void rethrowRejection(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof DeliveryRejectedException rejected) {
            throw rejected;
        }
    }
}
