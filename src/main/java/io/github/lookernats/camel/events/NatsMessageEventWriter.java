package io.github.lookernats.camel.events;

import io.github.lookernats.camel.nats.HeaderValues;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.MessageWriter;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventWriter;
import io.nats.client.impl.Headers;

/**
 * Writes a CloudEvent in the NATS protocol binding's binary mode: every attribute becomes a {@code ce-} header,
 * {@code datacontenttype} becomes {@code content-type}, the data is the message body, and the event id doubles as
 * JetStream's {@code Nats-Msg-Id}. The CloudEvents Java SDK ships no NATS binding for 4.x, so this plugs the SDK's own
 * writer interfaces into jnats {@link Headers}.
 */
public final class NatsMessageEventWriter
        implements MessageWriter<NatsMessageEventWriter, PreparedEvent>, CloudEventWriter<PreparedEvent> {

    public static final String CE_PREFIX = "ce-";
    public static final String CONTENT_TYPE = "content-type";
    /** JetStream's de-duplication header. */
    public static final String MSG_ID = "Nats-Msg-Id";

    private final String subject;
    private final Headers headers = new Headers();

    /** @param subject the NATS subject the event goes to */
    public NatsMessageEventWriter(String subject) {
        this.subject = subject;
    }

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
            // bounded as well as encoded: a Looker title or explore name can be any length
            headers.put(CE_PREFIX + name, HeaderValues.bounded(value));
        }
        if ("id".equals(name)) {
            headers.put(MSG_ID, HeaderValues.percentEncoded(value));
        }
        return this;
    }

    /**
     * The headers of an event that has every attribute of {@code shared} but its own {@code id} and {@code subject}:
     * the row events of one run, whose shared attributes were written once.
     */
    static Headers withIdAndSubject(Headers shared, String id, String subject) {
        Headers headers = new Headers(shared);
        headers.put(CE_PREFIX + "id", HeaderValues.percentEncoded(id));
        headers.put(MSG_ID, HeaderValues.percentEncoded(id));
        headers.put(CE_PREFIX + "subject", HeaderValues.percentEncoded(subject));
        return headers;
    }


    @Override
    public PreparedEvent end(CloudEventData data) {
        return new PreparedEvent(subject, headers, data.toBytes());
    }

    @Override
    public PreparedEvent end() {
        return new PreparedEvent(subject, headers, new byte[0]);
    }

    @Override
    public PreparedEvent setEvent(EventFormat format, byte[] value) {
        headers.put(CONTENT_TYPE, format.serializedContentType());
        return new PreparedEvent(subject, headers, value);
    }
}
