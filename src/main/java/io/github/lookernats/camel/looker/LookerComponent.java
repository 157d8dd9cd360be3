package io.github.lookernats.camel.looker;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Runs Looker Looks, saved queries and inline queries, on a schedule ({@code from}) or when asked ({@code to}). */
@Component("looker")
public class LookerComponent extends DefaultComponent {

    @Metadata(autowired = true, description = "How runs reach Looker; the bridge application provides one bound to bridge.looker")
    private LookerRuns runs;

    @Metadata(defaultValue = "5000", description = "Row limit of endpoints that do not set limit; -1 for unlimited")
    private long defaultRowLimit = 5000;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LookerEndpoint endpoint = new LookerEndpoint(uri, this);
        int colon = remaining.indexOf(':');
        endpoint.setKind(colon < 0 ? remaining : remaining.substring(0, colon));
        endpoint.setId(colon < 0 ? null : remaining.substring(colon + 1));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public LookerRuns getRuns() {
        return runs;
    }

    public void setRuns(LookerRuns runs) {
        this.runs = runs;
    }

    public long getDefaultRowLimit() {
        return defaultRowLimit;
    }

    public void setDefaultRowLimit(long defaultRowLimit) {
        this.defaultRowLimit = defaultRowLimit;
    }
}
