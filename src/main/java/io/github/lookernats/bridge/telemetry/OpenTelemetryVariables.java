package io.github.lookernats.bridge.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The standard {@code OTEL_*} variables of the exporter and the sampler, for operators who configure every service
 * the same way, mapped onto Spring Boot's settings, which does not read them itself (it does read
 * {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES}). A Spring property that is set wins. Only variables that are set are mapped, so tracing export stays off
 * unless an endpoint is given.
 */
public class OpenTelemetryVariables implements EnvironmentPostProcessor {

    static final String SOURCE = "otelVariables";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (isSet(traces)) {
            mapped.put("management.opentelemetry.tracing.export.otlp.endpoint", traces.strip());
        } else if (isSet(base)) {
            // the OTLP/HTTP convention: the base endpoint plus the signal's path
            mapped.put("management.opentelemetry.tracing.export.otlp.endpoint", base.strip().replaceAll("/+$", "") + "/v1/traces");
        }
        // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES Spring Boot reads itself
        // OTEL_TRACES_SAMPLER_ARG: application.yaml's management.tracing.sampling.probability reads it
        copy(environment, "OTEL_TRACES_SAMPLER_ARG", "management.tracing.sampling.probability", mapped);
        if ("none".equalsIgnoreCase(environment.getProperty("OTEL_TRACES_EXPORTER", ""))) {
            mapped.put("management.tracing.export.enabled", "false");
        }
        // a Spring property given anywhere still wins over what is mapped from the variables
        mapped.keySet().removeIf(key -> environment.getPropertySources().stream()
                .anyMatch(source -> source.containsProperty(key)));
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, mapped));
        }
    }

    private static void copy(ConfigurableEnvironment environment, String variable, String property, Map<String, Object> mapped) {
        String value = environment.getProperty(variable);
        if (isSet(value)) {
            mapped.put(property, value.strip());
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
