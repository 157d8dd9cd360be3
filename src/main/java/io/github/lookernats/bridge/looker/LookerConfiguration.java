package io.github.lookernats.bridge.looker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Looker API client beans. */
@Configuration(proxyBeanMethods = false)
public class LookerConfiguration {

    @Bean
    HttpClient lookerHttpClient(LookerProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Bean
    LookerSession lookerSession(LookerProperties properties, HttpClient lookerHttpClient, ObjectMapper mapper,
            MeterRegistry meters) {
        return new LookerSession(properties, lookerHttpClient, mapper, Clock.systemUTC(), meters);
    }

    @Bean
    LookerClient lookerClient(LookerProperties properties, HttpClient lookerHttpClient, LookerSession session,
            ObjectMapper mapper) {
        return new LookerClient(properties, lookerHttpClient, session, mapper);
    }
}
