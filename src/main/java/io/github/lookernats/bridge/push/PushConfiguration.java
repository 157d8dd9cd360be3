package io.github.lookernats.bridge.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PushConfiguration {

    @Bean
    DeliveryRunner deliveryRunner(ObjectMapper mapper, PushProperties properties, HttpClient lookerHttpClient) {
        return new DeliveryRunner(mapper, properties, new DownloadClient(lookerHttpClient, properties.downloadTimeout()));
    }
}
