package io.github.lookernats.bridge.audit;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(JetStreamPublisher publisher, ObjectMapper mapper, NatsProperties nats, EventProperties events,
            MeterRegistry meters, TraceHeaders trace) {
        return new AuditTrail(publisher, mapper, nats.streams().audit().subjectPrefix(), events.typePrefix(), meters, trace);
    }

    @Bean
    DeliveryAudit deliveryAudit(AuditTrail trail, LookerEventFactory events) {
        return new DeliveryAudit(trail, events);
    }
}
