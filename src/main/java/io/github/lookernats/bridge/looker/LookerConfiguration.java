package io.github.lookernats.bridge.looker;

import tools.jackson.databind.ObjectMapper;
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
                // never: a redirect could carry the Looker token (or a directory's) to another host, and a pushed
                // download_url's redirects are checked one by one (DownloadClient)
                .followRedirects(HttpClient.Redirect.NEVER)
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
