package io.github.lookernats.bridge.events;

import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.identity.IdentityRoutes;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.events.EventPipeline;
import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.events.OwnerResolver;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** The components' event pipeline, bound to {@code bridge.events.*} and resolving owners through the identity route. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    @Bean
    LookerEventFactory lookerEventFactory(EventProperties properties, LookerProperties looker, ObjectMapper mapper,
            IdentityProperties identity) {
        return new LookerEventFactory(properties.shape(), looker.baseUrl(), mapper, identity.teamInSubject());
    }

    @Bean
    EventPipeline eventPipeline(LookerEventFactory events, JetStreamPublisher publisher, DeliveryAudit audit,
            ProducerTemplate camel, RunTelemetry telemetry, TraceHeaders trace, EventProperties properties) {
        return new EventPipeline(events, publisher, identityRoute(camel), audit, telemetry, trace, properties.progress().log());
    }

    /**
     * Through the identity route, which retries an unavailable provider. It gets a copy of the exchange, so its
     * error handling cannot mark the run's own exchange as handled; the owner lands on the shared run.
     */
    private static OwnerResolver identityRoute(ProducerTemplate camel) {
        return exchange -> {
            Exchange resolved = camel.send(IdentityRoutes.RESOLVE, exchange.copy());
            if (resolved.getException() != null) {
                throw resolved.getException();
            }
        };
    }
}
