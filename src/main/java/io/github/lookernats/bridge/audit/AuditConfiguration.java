package io.github.lookernats.bridge.audit;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.bridge.nats.JetStreamPublisher;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(JetStreamPublisher publisher, ObjectMapper mapper, NatsProperties nats, EventProperties events,
            MeterRegistry meters) {
        return new AuditTrail(publisher, mapper, nats.streams().audit().subjectPrefix(), events.typePrefix(), meters);
    }
}
