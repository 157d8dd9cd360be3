package io.github.lookernats.bridge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The standard OTEL_* variables become Spring Boot's settings, and only when they are set. */
class OpenTelemetryVariablesTest {

    private static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Test
    void theBaseEndpointGetsTheTracesPath() {
        StandardEnvironment environment = with(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
        assertThat(environment.getProperty(ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void theTracesEndpointIsTakenAsItIsAndWinsOverTheBase() {
        StandardEnvironment environment = with(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom"));
        assertThat(environment.getProperty(ENDPOINT)).isEqualTo("http://traces:4318/custom");
    }

    @Test
    void theSamplerArgumentAndANoneExporterAreMapped() {
        StandardEnvironment environment = with(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25", "OTEL_TRACES_EXPORTER", "none"));
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
        assertThat(environment.getProperty("management.tracing.export.enabled")).isEqualTo("false");
    }

    @Test
    void withoutVariablesNothingIsSetSoExportStaysOff() {
        StandardEnvironment environment = with(Map.of());
        assertThat(environment.getProperty(ENDPOINT)).isNull();
        assertThat(environment.getPropertySources().contains(OpenTelemetryVariables.SOURCE)).isFalse();
    }

    @Test
    void aSpringPropertyThatIsSetWins() {
        StandardEnvironment environment = with(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                ENDPOINT, "http://chosen:4318/v1/traces"));
        assertThat(environment.getProperty(ENDPOINT)).isEqualTo("http://chosen:4318/v1/traces");
    }

    private static StandardEnvironment with(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", values));
        new OpenTelemetryVariables().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
