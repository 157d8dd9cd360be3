package io.github.lookernats.camel.events;

import io.nats.client.impl.Headers;

/**
 * An event as NATS carries it, ready to publish.
 *
 * @param subject where it goes
 * @param headers its {@code ce-} headers, {@code content-type} and {@code Nats-Msg-Id}
 * @param body the JSON data
 */
public record PreparedEvent(String subject, Headers headers, byte[] body) {

    public String id() {
        return headers.getFirst(NatsMessageEventWriter.MSG_ID);
    }
}
