package io.github.lookernats.bridge.telemetry;

import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Run metrics and spans for the components, on Spring Boot's Micrometer registries, and the trace context they
 * write into NATS headers, from Micrometer Tracing (OpenTelemetry underneath, W3C propagation).
 */
@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

    @Bean
    RunTelemetry runTelemetry(MeterRegistry meters, ObservationRegistry observations) {
        return new RunTelemetry(meters, observations, Clock.systemUTC());
    }

    /** Tracing switched off ({@code management.tracing.enabled=false}) leaves no tracer: no context then. */
    @Bean
    TraceHeaders traceHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer current = tracer.getIfAvailable();
        Propagator w3c = propagator.getIfAvailable();
        if (current == null || w3c == null) {
            return TraceHeaders.NONE;
        }
        return () -> {
            TraceContext context = current.currentTraceContext().context();
            if (context == null) {
                return Map.of();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            w3c.inject(context, headers, (carrier, key, value) -> {
                if (TraceHeaders.TRACEPARENT.equals(key) || TraceHeaders.TRACESTATE.equals(key)) {
                    carrier.put(key, value);
                }
            });
            return headers;
        };
    }
}
