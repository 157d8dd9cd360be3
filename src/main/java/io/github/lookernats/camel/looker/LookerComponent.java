package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.looker.client.LookerApi;
import io.github.lookernats.camel.looker.client.LookerClient;
import io.github.lookernats.camel.looker.client.LookerSession;
import io.github.lookernats.camel.looker.client.PollRunner;
import io.github.lookernats.camel.looker.client.QueryTasks;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.CamelContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * Runs Looker Looks, saved queries and inline queries, on a schedule ({@code from}) or when asked ({@code to}). Its
 * Looker client is the registry's {@link LookerRuns} (the bridge application's), or one of its own made from
 * {@code baseUrl}, {@code clientId} and {@code clientSecret}.
 */
@Component("looker")
public class LookerComponent extends DefaultComponent {

    @Metadata(autowired = true, description = "How runs reach Looker; the bridge application provides one bound to bridge.looker")
    private LookerRuns runs;

    @Metadata(autowired = true, description = "Run metrics and spans; the bridge application provides one on its "
            + "Micrometer registries, plain Camel gets one on Micrometer's global registry")
    private RunTelemetry telemetry;

    @Metadata(description = "Where scheduled fire times go to run once across replicas; without one, each consumer "
            + "runs its own fire times")
    private RunQueue runQueue;

    @Metadata(defaultValue = "5000", description = "Row limit of endpoints that do not set limit; -1 for unlimited")
    private long defaultRowLimit = 5000;

    @Metadata(label = "security", description = "The Looker instance, without /api/4.0, e.g. https://acme.looker.com:19999; "
            + "with clientId and clientSecret, the component makes its own Looker client when no runs is set")
    private String baseUrl;

    @Metadata(label = "security", secret = true, description = "API client id (Admin, Users, API keys)")
    private String clientId;

    @Metadata(label = "security", secret = true, description = "API client secret")
    private String clientSecret;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LookerEndpoint endpoint = new LookerEndpoint(uri, this);
        int colon = remaining.indexOf(':');
        endpoint.setKind(colon < 0 ? remaining : remaining.substring(0, colon));
        endpoint.setId(colon < 0 ? null : remaining.substring(colon + 1));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (runs == null && baseUrl != null) {
            runs = ownRuns();
        }
    }

    /** A Looker client of the component's own, with the defaults of the bridge's bridge.looker.* settings. */
    private LookerRuns ownRuns() {
        URI url = URI.create(baseUrl.strip());
        if (!LookerApi.isOneHttpUrl(url)) {
            throw new IllegalArgumentException("looker component: baseUrl must be one absolute http(s) URL such as "
                    + "https://acme.looker.com:19999 (no list, user info, query or fragment), not '" + baseUrl + "'");
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("looker component: baseUrl needs clientId and clientSecret (a Looker API key)");
        }
        LookerApi api = LookerApi.withDefaults(url);
        ObjectMapper mapper = JsonMapper.builder().build();
        // never follow a redirect: it could carry the Looker token to another host
        HttpClient http = HttpClient.newBuilder().connectTimeout(api.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        ObservationRegistry observations = getTelemetry().observations();
        LookerClient client = new LookerClient(api, http,
                new LookerSession(api, this::getClientId, this::getClientSecret, http, mapper, Clock.systemUTC(),
                        Metrics.globalRegistry, observations),
                mapper, observations);
        CamelContext camel = getCamelContext();
        // waiting query tasks end at Camel's shutdown: scheduler threads are not interrupted, so they must ask
        QueryTasks tasks = new QueryTasks(client, api.queryTask(), mapper, () -> camel.isStopping() || camel.isStopped());
        return new PollRunner(client, tasks, mapper);
    }

    public RunQueue getRunQueue() {
        return runQueue;
    }

    public void setRunQueue(RunQueue runQueue) {
        this.runQueue = runQueue;
    }

    /** The set telemetry, or the Camel context's shared one. */
    public RunTelemetry getTelemetry() {
        if (telemetry == null) {
            telemetry = RunTelemetry.of(getCamelContext());
        }
        return telemetry;
    }

    public void setTelemetry(RunTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
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
