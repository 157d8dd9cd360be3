package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.RouteRuns;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spans reach an OTLP/HTTP receiver when an endpoint is configured: the run, its Looker calls, the owner's
 * resolution and the publishing (with its row count), all in one trace. The receiver decodes what it is sent with
 * OpenTelemetry's own protobuf messages.
 */
@SpringBootTest(properties = {"camel.main.routes-include-pattern=classpath:routes/observed.camel.yaml",
        "management.opentelemetry.tracing.export.schedule-delay=100ms"})
@DirtiesContext
class OtlpExportTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final List<Span> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer COLLECTOR = collector();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
    }

    @Autowired
    CamelContext camel;

    @AfterAll
    static void shutDown() {
        COLLECTOR.stop(0);
        LOOKER.close();
        NATS.close();
    }

    @Test
    void aRunIsExportedAsOneTraceWithItsLookerCallsAndItsPublishing() {
        RouteRuns.runOnce(camel, "observed-look");

        Awaitility.await("spans at the collector").atMost(Duration.ofSeconds(15))
                .until(() -> RECEIVED.stream().anyMatch(span -> span.getName().equals("poll observed-look")));
        Span run = RECEIVED.stream().filter(span -> span.getName().equals("poll observed-look")).findFirst().orElseThrow();
        List<Span> trace = RECEIVED.stream().filter(span -> span.getTraceId().equals(run.getTraceId())).toList();
        assertThat(trace).extracting(Span::getName)
                .contains("poll observed-look", "publish observed-look", "looker GET /looks/{id}/run/{format}");
        Span publish = trace.stream().filter(span -> span.getName().equals("publish observed-look")).findFirst().orElseThrow();
        assertThat(publish.getAttributesList()).anySatisfy(attribute -> {
            assertThat(attribute.getKey()).isEqualTo("rows");
            assertThat(attribute.getValue().getStringValue()).isEqualTo("5");
        });
        assertThat(run.getAttributesList()).anySatisfy(attribute -> {
            assertThat(attribute.getKey()).isEqualTo("outcome");
            assertThat(attribute.getValue().getStringValue()).isEqualTo("complete");
        });
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                    request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                            .forEach(scope -> RECEIVED.addAll(scope.getSpansList())));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
