package io.github.lookernats.camel.telemetry;

import java.util.Map;

/**
 * The W3C trace context of the current span, as {@code traceparent} and {@code tracestate}: what the bridge writes
 * into the NATS headers of its events, dead letters and audit records. The bridge application reads it from
 * Micrometer Tracing; without tracing there is none.
 */
@FunctionalInterface
public interface TraceHeaders {

    /** No tracing: no context. */
    TraceHeaders NONE = Map::of;

    String TRACEPARENT = "traceparent";
    String TRACESTATE = "tracestate";

    /** The current context, empty when no span is current. */
    Map<String, String> current();
}
