package io.github.lookernats.bridge.deadletter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads and removes dead letters in the dead-letter stream, with their object-store payloads when large. */
@Component
public class DeadLetterStore {

    /** A stored dead letter: its stream sequence, subject, time, dedup id and body (input restored if it was moved). */
    public record Letter(long sequence, String subject, Instant storedAt, String id, ObjectNode body) {}

    /** Which letters: any filter left null matches all. */
    public record Filter(String subject, Instant since, Instant until, String id) {

        boolean matches(Letter letter) {
            return (since == null || !letter.storedAt().isBefore(since))
                    && (until == null || letter.storedAt().isBefore(until))
                    && (id == null || id.equals(letter.id()) || id.equals(Long.toString(letter.sequence())));
        }
    }

    private final Connection connection;
    private final NatsProperties nats;
    private final ObjectMapper mapper;

    public DeadLetterStore(Connection natsConnection, NatsProperties nats, ObjectMapper mapper) {
        this.connection = natsConnection;
        this.nats = nats;
        this.mapper = mapper;
    }

    public List<Letter> find(Filter filter, int max) throws IOException {
        String stream = nats.streams().deadLetter().name();
        String subject = filter.subject() != null ? filter.subject() : nats.streams().deadLetter().subjectPrefix() + ".>";
        JetStreamManagement jsm = connection.jetStreamManagement();
        List<Letter> letters = new ArrayList<>();
        long sequence = 1;
        while (letters.size() < max) {
            MessageInfo info;
            try {
                info = jsm.getNextMessage(stream, sequence, subject);
            } catch (JetStreamApiException noMore) {
                break;
            }
            sequence = info.getSeq() + 1;
            Letter letter = new Letter(info.getSeq(), info.getSubject(), info.getTime().toInstant(),
                    info.getHeaders() == null ? null : info.getHeaders().getFirst("Nats-Msg-Id"),
                    (ObjectNode) mapper.readTree(info.getData()));
            if (filter.matches(letter)) {
                letters.add(letter);
            }
        }
        return letters;
    }

    /** The letter's input, from the message or, for a large letter, from the object store. */
    public JsonNode input(Letter letter) throws Exception {
        JsonNode ref = letter.body().path("inputRef");
        if (ref.isMissingNode()) {
            return letter.body().path("input");
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        connection.objectStore(ref.path("bucket").asText()).get(ref.path("object").asText(), whole);
        return mapper.readTree(whole.toByteArray()).path("input");
    }

    public void remove(Letter letter) throws IOException, JetStreamApiException {
        connection.jetStreamManagement().deleteMessage(nats.streams().deadLetter().name(), letter.sequence());
        JsonNode ref = letter.body().path("inputRef");
        if (!ref.isMissingNode()) {
            try {
                connection.objectStore(ref.path("bucket").asText()).delete(ref.path("object").asText());
            } catch (Exception alreadyGone) {
                // the letter is gone; a leftover payload expires with the bucket's TTL
            }
        }
    }
}
