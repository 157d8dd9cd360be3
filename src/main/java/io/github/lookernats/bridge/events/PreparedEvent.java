package io.github.lookernats.bridge.events;

import java.util.Map;

/**
 * An event ready for NATS.
 *
 * @param subject where it goes
 * @param headers its {@code ce-} headers, {@code content-type} and {@code Nats-Msg-Id}
 * @param body the JSON data
 */
public record PreparedEvent(String subject, Map<String, String> headers, byte[] body) {

    public String id() {
        return headers.get(LookerEventFactory.MSG_ID);
    }
}
