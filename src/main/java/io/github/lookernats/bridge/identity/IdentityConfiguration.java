package io.github.lookernats.bridge.identity;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.camel.looker.client.LookerClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    DirectoryState directoryState(IdentityProperties properties, HttpClient lookerHttpClient, ObjectMapper mapper,
            MeterRegistry meters) {
        DirectoryState state = new DirectoryState(directory(properties, lookerHttpClient, mapper), Clock.systemUTC());
        Gauge.builder("bridge.identity.provider.up", state, DirectoryState::up)
                .description("1 when the identity provider answered the last lookup, 0 when it failed, -1 before the first")
                .register(meters);
        Gauge.builder("bridge.identity.provider.last.failure", state,
                        directory -> directory.lastFailureAt() == null ? 0 : directory.lastFailureAt().toEpochMilli() / 1000.0)
                .description("When a lookup last failed (epoch seconds; 0 if none did)").baseUnit("seconds")
                .register(meters);
        return state;
    }

    /** Only when owners are resolved through a provider: with none, there is nothing to be healthy. */
    @Bean("identityProvider")
    @ConditionalOnExpression("'${bridge.identity.provider:none}'.toLowerCase() != 'none'")
    IdentityProviderHealthIndicator identityProviderHealth(DirectoryState state, IdentityProperties properties) {
        return new IdentityProviderHealthIndicator(state, properties);
    }

    @Bean
    IdentityResolver identityResolver(IdentityProperties properties, LookerClient looker, DirectoryState directory,
            MeterRegistry meters) {
        IdentityResolver resolver = new IdentityResolver(properties, looker, directory);
        CaffeineCacheMetrics.monitor(meters, resolver.directoryCache(), "bridge.identity.directory");
        CaffeineCacheMetrics.monitor(meters, resolver.lookerUserCache(), "bridge.identity.looker-users");
        Gauge.builder("bridge.identity.cache.hit.ratio", resolver.directoryCache(), cache -> cache.stats().hitRate())
                .description("Share of identity lookups answered from the cache")
                .register(meters);
        return resolver;
    }

    private static Directory directory(IdentityProperties properties, HttpClient http, ObjectMapper mapper) {
        return switch (properties.provider()) {
            case NONE -> email -> Optional.empty();
            case STATIC -> new StaticDirectory(Path.of(properties.staticFile()));
            case SCIM -> new ScimDirectory(properties.scim(), new DirectoryHttp("SCIM directory", http, mapper,
                    Credentials.of(properties.scim(), "Bearer", http, mapper, properties.timeout()), properties.timeout()));
            case OKTA -> new OktaDirectory(properties.okta(), new DirectoryHttp("Okta", http, mapper,
                    Credentials.of(properties.okta(), "SSWS", http, mapper, properties.timeout()), properties.timeout()));
        };
    }
}
