package io.github.lookernats.bridge.events;

import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.MessageWriter;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a CloudEvent in the NATS protocol binding's binary mode: every attribute becomes a {@code ce-} header,
 * {@code datacontenttype} becomes {@code content-type}, and the data is the message body. The CloudEvents Java SDK
 * ships no NATS binding for 4.x, so this plugs the SDK's own writer interfaces into a header map.
 */
public final class NatsMessageEventWriter
        implements MessageWriter<NatsMessageEventWriter, NatsEventMessage>, CloudEventWriter<NatsEventMessage> {

    public static final String CE_PREFIX = "ce-";
    public static final String CONTENT_TYPE = "content-type";

    private final Map<String, String> headers = new LinkedHashMap<>();

    @Override
    public NatsMessageEventWriter create(SpecVersion version) {
        headers.put(CE_PREFIX + "specversion", version.toString());
        return this;
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, String value) {
        if ("datacontenttype".equals(name)) {
            headers.put(CONTENT_TYPE, value);
        } else if (!"specversion".equals(name)) {
            headers.put(CE_PREFIX + name, percentEncoded(value));
        }
        return this;
    }

    /**
     * NATS header values are printable ASCII; like the CloudEvents HTTP binding, anything else (and {@code %})
     * is percent-encoded as UTF-8.
     */
    static String percentEncoded(String value) {
        if (isPlainAscii(value)) {
            return value;
        }
        StringBuilder encoded = null;
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = b >= 0x20 && b <= 0x7E && b != '%';
            if (!plain && encoded == null) {
                encoded = new StringBuilder(new String(bytes, 0, i, java.nio.charset.StandardCharsets.US_ASCII));
            }
            if (encoded != null) {
                encoded.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
            }
        }
        return encoded == null ? value : encoded.toString();
    }

    private static boolean isPlainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '%') {
                return false;
            }
        }
        return true;
    }

    @Override
    public NatsEventMessage end(CloudEventData data) {
        return new NatsEventMessage(headers, data.toBytes());
    }

    @Override
    public NatsEventMessage end() {
        return new NatsEventMessage(Map.copyOf(headers), new byte[0]);
    }

    @Override
    public NatsEventMessage setEvent(EventFormat format, byte[] value) {
        return new NatsEventMessage(Map.of(CONTENT_TYPE, format.serializedContentType()), value);
    }
}
