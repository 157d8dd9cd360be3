package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** With access control on, watches the team streams' consumers ({@link PushConsumerGuard}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bridge.access.enabled", havingValue = "true")
public class PushConsumerGuardConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    PushConsumerGuard pushConsumerGuard(Connection natsConnection, TeamAccess teams, AccessProperties access,
            AuditTrail audit, ObjectMapper json, MeterRegistry meters) {
        Set<String> streams = teams.teams().stream().map(teams::streamName).collect(Collectors.toSet());
        return new PushConsumerGuard(natsConnection, streams, access.userInboxPrefix(), audit, json, meters);
    }
}
