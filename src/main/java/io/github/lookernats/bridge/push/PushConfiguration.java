package io.github.lookernats.bridge.push;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.outbound.AllowedOrigins;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PushConfiguration {

    @Bean
    DeliveryRunner deliveryRunner(ObjectMapper mapper, PushProperties properties, LookerProperties looker,
            HttpClient lookerHttpClient) {
        List<URI> origins = new ArrayList<>(properties.downloadAllowedOrigins());
        origins.add(looker.baseUrl());
        DownloadClient downloads = new DownloadClient(lookerHttpClient, AllowedOrigins.of(origins),
                properties.downloadTimeout(), properties.downloadIdleTimeout(), properties.downloadTimeout());
        return new DeliveryRunner(mapper, properties, downloads);
    }
}
