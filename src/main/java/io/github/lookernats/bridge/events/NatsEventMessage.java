package io.github.lookernats.bridge.events;

import java.util.Map;

/** A CloudEvent as NATS carries it: headers and body. */
public record NatsEventMessage(Map<String, String> headers, byte[] body) {

    public String id() {
        return headers.get(NatsMessageEventWriter.CE_PREFIX + "id");
    }
}
