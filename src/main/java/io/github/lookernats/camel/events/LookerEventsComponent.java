package io.github.lookernats.camel.events;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Publishes Looker runs to NATS JetStream as CloudEvents: {@code to: looker-events:publish}. */
@Component("looker-events")
public class LookerEventsComponent extends DefaultComponent {

    /** The endpoint routes send a run to. */
    public static final String PUBLISH_URI = "looker-events:publish";

    @Metadata(autowired = true, description = "The event pipeline; the bridge application provides one bound to bridge.events and bridge.nats")
    private ResultPipeline pipeline;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!LookerEventsEndpoint.PUBLISH.equals(remaining)) {
            throw new IllegalArgumentException("Invalid endpoint " + uri + ": the operation is "
                    + LookerEventsEndpoint.PUBLISH + " (looker-events:publish), not '" + remaining + "'");
        }
        LookerEventsEndpoint endpoint = new LookerEventsEndpoint(uri, this);
        endpoint.setOperation(remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getRowRoute() != null && !endpoint.getRowRoute().startsWith("direct:")) {
            throw new IllegalArgumentException("Invalid endpoint " + uri + ": rowRoute names a direct: route, not '"
                    + endpoint.getRowRoute() + "'");
        }
        return endpoint;
    }

    public ResultPipeline getPipeline() {
        return pipeline;
    }

    public void setPipeline(ResultPipeline pipeline) {
        this.pipeline = pipeline;
    }
}
