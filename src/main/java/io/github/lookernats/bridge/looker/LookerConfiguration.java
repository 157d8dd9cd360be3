package io.github.lookernats.bridge.looker;

import io.github.lookernats.camel.looker.client.LookerClient;
import io.github.lookernats.camel.looker.client.LookerSession;

import io.github.lookernats.bridge.secrets.RotatingSecret;
import io.github.lookernats.bridge.secrets.SecretFiles;
import tools.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
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
            MeterRegistry meters, ObjectProvider<ObservationRegistry> observations, SecretFiles secrets) {
        // a new Looker API key has a new id and secret: both files are re-read
        RotatingSecret clientId = secrets.secret("LOOKER_CLIENT_ID", "bridge.looker.client-id", properties.clientId());
        RotatingSecret clientSecret = secrets.secret("LOOKER_CLIENT_SECRET", "bridge.looker.client-secret", properties.clientSecret());
        LookerSession session = new LookerSession(properties.toApi(), clientId::current, clientSecret::current, lookerHttpClient, mapper,
                Clock.systemUTC(), meters, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        clientId.onChange(session::renew);
        clientSecret.onChange(session::renew);
        return session;
    }

    @Bean
    LookerClient lookerClient(LookerProperties properties, HttpClient lookerHttpClient, LookerSession session,
            ObjectMapper mapper, ObjectProvider<ObservationRegistry> observations) {
        return new LookerClient(properties.toApi(), lookerHttpClient, session, mapper,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
