package io.github.lookernats.bridge.identity;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.springframework.stereotype.Component;

/**
 * Resolves the owner of a run once, before its rows are published. An unavailable provider is retried with
 * backoff; then, per {@code bridge.identity.on-unavailable}, the failure travels on (the run is dead-lettered) or
 * the run is published with {@code identity.resolved=false}.
 */
@Component
public class IdentityRoutes extends RouteBuilder {

    public static final String RESOLVE = "direct:resolve-identity";

    private final IdentityProperties properties;
    private final IdentityResolver resolver;

    public IdentityRoutes(IdentityProperties properties, IdentityResolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    @Override
    public void configure() {
        OnExceptionDefinition unavailable = onException(IdentityUnavailableException.class)
                .maximumRedeliveries(properties.retries())
                .redeliveryDelay(properties.retryDelay().toMillis())
                .useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true).logStackTrace(false);
        if (properties.onUnavailable() == IdentityProperties.Policy.PUBLISH_UNRESOLVED) {
            // continued, not handled: a handled exchange would stop the calling route, and the run must go on
            unavailable.continued(true).bean(resolver, "unavailable");
        }
        onException(UnresolvedIdentityException.class).maximumRedeliveries(0).logStackTrace(false);

        from(RESOLVE).routeId("resolve-identity")
                .bean(resolver, "resolve");
    }
}
