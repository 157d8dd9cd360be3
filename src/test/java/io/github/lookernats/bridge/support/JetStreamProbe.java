package io.github.lookernats.bridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** Reads what the bridge stored in JetStream, with explicit assertion helpers. */
public final class JetStreamProbe implements AutoCloseable {

    private final Connection connection;
    private final JetStreamManagement jsm;

    public JetStreamProbe(String url) {
        this(new Options.Builder().server(url).build());
    }

    /** A probe with its own connection options, e.g. the credentials of a server that requires them. */
    public JetStreamProbe(Options options) {
        try {
            this.connection = Nats.connect(options);
            this.jsm = connection.jetStreamManagement();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Messages stored in {@code stream} on exactly {@code subject}. */
    public long count(String stream, String subject) {
        try {
            StreamInfo info = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(subject));
            List<Subject> subjects = info.getStreamState().getSubjects();
            return subjects == null ? 0 : subjects.stream().filter(s -> s.getName().equals(subject)).mapToLong(Subject::getCount).sum();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10059) {
                return 0;
            }
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until exactly {@code expected} messages are on the subject, then checks they stay at that number. */
    public void awaitCount(String stream, String subject, long expected, Duration timeout) {
        Awaitility.await("messages on " + subject).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> count(stream, subject) >= expected);
        assertThat(count(stream, subject)).as("messages stored on %s", subject).isEqualTo(expected);
    }

    /** All messages on the subject, oldest first. */
    public List<MessageInfo> messages(String stream, String subject) {
        List<MessageInfo> messages = new ArrayList<>();
        long sequence = 1;
        try {
            while (true) {
                MessageInfo next;
                try {
                    next = jsm.getNextMessage(stream, sequence, subject);
                } catch (JetStreamApiException noMore) {
                    return messages;
                }
                messages.add(next);
                sequence = next.getSeq() + 1;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts a binary-mode CloudEvent: required ce- headers, JSON content type, id echoed in Nats-Msg-Id, and data
     * that matches the published schema of its type.
     */
    public static void assertCloudEvent(MessageInfo message, String expectedType) {
        Headers headers = message.getHeaders();
        assertThat(headers).as("headers of %s", message.getSubject()).isNotNull();
        assertThat(headers.getFirst("ce-specversion")).isEqualTo("1.0");
        assertThat(headers.getFirst("ce-type")).isEqualTo(expectedType);
        assertThat(headers.getFirst("ce-id")).isNotBlank();
        assertThat(headers.getFirst("ce-source")).isNotBlank();
        assertThat(headers.getFirst("ce-time")).isNotBlank();
        assertThat(headers.getFirst("content-type")).isEqualTo("application/json");
        assertThat(headers.getFirst("Nats-Msg-Id")).isEqualTo(headers.getFirst("ce-id"));
        assertThat(headers.getFirst("ce-dataschema")).isEqualTo(EventSchemas.schemaId(expectedType));
        assertThat(EventSchemas.problems(expectedType, message.getData()))
                .as("data of %s against the schema published in docs/events", message.getSubject()).isEmpty();
    }

    /**
     * Checks every event stored in the stream against the schema published for its type: whatever the tests made
     * the bridge emit, consumers can rely on the published contract.
     */
    public void assertEveryEventMatchesItsSchema(String stream) {
        List<MessageInfo> events = messages(stream, ">");
        assertThat(events).as("events in %s", stream).isNotEmpty();
        List<String> mismatches = new ArrayList<>();
        for (MessageInfo event : events) {
            String type = event.getHeaders() == null ? null : event.getHeaders().getFirst("ce-type");
            EventSchemas.problems(type, event.getData())
                    .forEach(problem -> mismatches.add(event.getSubject() + " #" + event.getSeq() + ": " + problem));
        }
        assertThat(mismatches).as("events of %s not matching docs/events", stream).isEmpty();
    }

    /** Every dead letter stored matches docs/events/dead-letter.v1.schema.json. */
    public void assertEveryDeadLetterMatchesItsSchema() {
        List<String> mismatches = new ArrayList<>();
        for (MessageInfo letter : messages("LOOKER_DEAD_LETTERS", ">")) {
            EventSchemas.deadLetterProblems(letter.getData())
                    .forEach(problem -> mismatches.add(letter.getSubject() + " #" + letter.getSeq() + ": " + problem));
        }
        assertThat(mismatches).as("dead letters not matching docs/events").isEmpty();
    }

    /**
     * The end of an end-to-end test class: checks every event in {@code LOOKER_EVENTS} against its schema, then
     * closes this probe and the given test servers, also when the check fails.
     */
    public void assertEventsMatchSchemasThenClose(AutoCloseable... servers) throws Exception {
        try {
            assertEveryEventMatchesItsSchema("LOOKER_EVENTS");
            assertEveryDeadLetterMatchesItsSchema();
            for (String stream : List.of("LOOKER_EVENTS", "LOOKER_DEAD_LETTERS", "LOOKER_AUDIT")) {
                EventCatalog.assertEverySubjectIsAChannel(stream, messages(stream, ">"));
            }
        } finally {
            close();
            for (AutoCloseable server : servers) {
                server.close();
            }
        }
    }

    /** No Camel-internal header may leak into a NATS message. */
    public static void assertNoCamelHeaders(MessageInfo message) {
        Headers headers = message.getHeaders();
        if (headers != null) {
            assertThat(headers.keySet()).as("headers of %s", message.getSubject())
                    .noneMatch(name -> name.regionMatches(true, 0, "camel", 0, 5));
        }
    }

    /** Publishes {@code count} small JSON messages to the subject through JetStream, each acknowledged. */
    public void publish(String subject, int count) {
        try {
            for (int i = 0; i < count; i++) {
                connection.jetStream().publish(subject, ("{\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    public void purge(String stream) {
        try {
            jsm.purgeStream(stream);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
