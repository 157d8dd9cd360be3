package io.github.lookernats.bridge.secrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    @Bean
    SecretFiles secretFiles(SecretProperties properties) {
        return new SecretFiles(properties);
    }
}
