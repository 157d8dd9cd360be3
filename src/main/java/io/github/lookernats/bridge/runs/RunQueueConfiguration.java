package io.github.lookernats.bridge.runs;

import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.nats.client.Connection;
import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** The shared run queue, with {@code bridge.runs.shared=true}; closed before Camel stops, handing back what it holds. */
@Configuration(proxyBeanMethods = false)
public class RunQueueConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "bridge.runs.shared", havingValue = "true")
    JetStreamRunQueue jetStreamRunQueue(Connection natsConnection, RunQueueProperties properties, CamelContext camel,
            ObjectMapper mapper, DeadLetterWriter deadLetters) {
        return new JetStreamRunQueue(natsConnection, properties, camel, mapper, deadLetters);
    }
}
