package io.github.lookernats.bridge.support;

import io.github.lookernats.camel.looker.LookerConsumer;
import io.github.lookernats.camel.looker.LookerEndpoint;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;

/** Runs a {@code looker} route now, rather than waiting for its schedule. */
public final class RouteRuns {

    private RouteRuns() {
    }

    /** One run of the route's own endpoint. */
    public static Exchange runOnce(CamelContext camel, String routeId) {
        return consumer(camel, routeId).run(Map.of());
    }

    /** One run of another looker endpoint (another Look, say) through this route, under its id. */
    public static Exchange runAs(CamelContext camel, String routeId, String lookerUri) {
        LookerEndpoint endpoint = camel.getEndpoint(lookerUri, LookerEndpoint.class);
        return consumer(camel, routeId).run(endpoint.newRun(routeId), Map.of());
    }

    private static LookerConsumer consumer(CamelContext camel, String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof LookerConsumer consumer)) {
            throw new IllegalArgumentException("no route '" + routeId + "' from a looker endpoint");
        }
        return consumer;
    }
}
