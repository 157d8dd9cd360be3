package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.errors.DeadLetterFactory;
import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.nats.client.Connection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** The components' dead-letter writer, bound to {@code bridge.nats.streams.*} and {@code bridge.dead-letter.*}. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    DeadLetterFactory deadLetterFactory(ObjectMapper mapper, NatsProperties nats, DeadLetterProperties properties,
            Connection natsConnection, TraceHeaders trace) {
        return new DeadLetterFactory(mapper, new DeadLetterFactory.Settings(nats.streams().deadLetter().subjectPrefix(),
                nats.streams().deadLetterPayloads(), properties.maxInlineSize().toBytes()), natsConnection, trace);
    }

    @Bean
    DeadLetterWriter deadLetterWriter(DeadLetterFactory letters, JetStreamPublisher publisher, DeliveryAudit audit,
            RunTelemetry telemetry) {
        return new DeadLetterWriter(letters, publisher, audit, telemetry);
    }
}
