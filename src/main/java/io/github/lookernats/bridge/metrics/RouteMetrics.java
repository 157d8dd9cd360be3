package io.github.lookernats.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Per-route exchange metrics under the names camel-micrometer uses ({@code camel_exchanges_total},
 * {@code camel_exchanges_failed_total}, {@code camel_exchanges_failures_handled_total}, {@code camel_route_duration}).
 * Written here because no camel-micrometer 4.22 artifact is served to this project's builds; a route policy counts
 * a route's own exchanges only, not the row sub-exchanges of a split, so the cost stays per run.
 */
@Component
public class RouteMetrics implements RoutePolicyFactory {

    private final MeterRegistry meters;

    public RouteMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        Counter total = counter("camel.exchanges", "Exchanges a route completed, failed or not", routeId);
        Counter failed = counter("camel.exchanges.failed", "Exchanges that ended failed", routeId);
        Counter handled = counter("camel.exchanges.failures.handled", "Failures the error handler took (dead-lettered)", routeId);
        Timer duration = Timer.builder("camel.route.duration").description("Time an exchange spent in the route")
                .tag("routeId", routeId).register(meters);
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route done, Exchange exchange) {
                total.increment();
                if (exchange.isFailed()) {
                    failed.increment();
                } else if (ExchangeHelper.isFailureHandled(exchange)) {
                    handled.increment();
                }
                duration.record(java.time.Duration.ofMillis(exchange.getClock().elapsed()));
            }
        };
    }

    private Counter counter(String name, String description, String routeId) {
        return Counter.builder(name).description(description).tag("routeId", routeId).register(meters);
    }
}
