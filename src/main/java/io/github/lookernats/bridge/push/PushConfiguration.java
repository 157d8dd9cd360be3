package io.github.lookernats.bridge.push;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.outbound.AllowedOrigins;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
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
        if (properties.effectiveMaxBodySize() < properties.maxBodySize().toBytes()) {
            LoggerFactory.getLogger(PushConfiguration.class).warn("bridge.push.max-body-size ({}) is capped at {} bytes, a tenth "
                    + "of the heap: a delivery is parsed in memory and holds up to {} times its body. Give the JVM more heap, "
                    + "or use the streamed action for big results", properties.maxBodySize(), properties.effectiveMaxBodySize(),
                    PushProperties.HEAP_PER_BODY_BYTE);
        }
        return new DeliveryRunner(mapper, properties, downloads);
    }
}
