package io.github.lookernats.bridge.events;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.looker.LookerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    @Bean
    LookerEventFactory lookerEventFactory(EventProperties properties, LookerProperties looker, ObjectMapper mapper,
            IdentityProperties identity) {
        return new LookerEventFactory(properties, looker.baseUrl(), mapper, identity.teamInSubject());
    }
}
