package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.camel.errors.DeadLetterFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.events.NatsMessageEventWriter;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.nats.StreamMessages;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads and removes dead letters in the dead-letter stream, with their object-store payloads when large. Letters are
 * read in pages by stream sequence: a page starts at a given sequence and says where the next one starts, so no call
 * reads the stream from its first message.
 */
@Component
public class DeadLetterStore {

    /**
     * Most messages one call examines (past the server-side subject filter): the time and id filters are applied
     * here, so a page whose filters match little ends early, with {@link Page#next()} to go on from.
     */
    public static final int MAX_EXAMINED = 10_000;

    /** The names {@link DeadLetterFactory} gives the objects it stores: {@code dlq-} and a run or exchange id. */
    private static final Pattern OWN_OBJECT_NAME = Pattern.compile("dlq-[A-Za-z0-9._-]{1,200}");

    /** A stored dead letter: its stream sequence, subject, time, dedup id and body (as stored: a large one has {@code inputRef}). */
    public record Letter(long sequence, String subject, Instant storedAt, String id, ObjectNode body) {}

    /** Which letters: any filter left null matches all. */
    public record Filter(String subject, Instant since, Instant until, String id) {

        boolean matches(Letter letter) {
            return (since == null || !letter.storedAt().isBefore(since))
                    && (until == null || letter.storedAt().isBefore(until))
                    && (id == null || id.equals(letter.id()) || id.equals(Long.toString(letter.sequence())));
        }

        /** The id as a stream sequence, if it is one (a {@code Nats-Msg-Id} of the bridge starts with {@code dlq-}). */
        Long sequence() {
            return id != null && id.matches("[1-9][0-9]{0,17}") ? Long.valueOf(id) : null;
        }
    }

    /**
     * One page of letters.
     *
     * @param letters the letters that matched, in stream order
     * @param next the sequence to start the next page at, or null when the stream holds nothing further (for now)
     */
    public record Page(List<Letter> letters, Long next) {}

    private final Connection connection;
    private final NatsProperties nats;
    private final ObjectMapper mapper;

    public DeadLetterStore(Connection natsConnection, NatsProperties nats, ObjectMapper mapper) {
        this.connection = natsConnection;
        this.nats = nats;
        this.mapper = mapper;
    }

    /**
     * The letters matching the filter, starting at stream sequence {@code from}: at most {@code max} of them, after
     * examining at most {@link #MAX_EXAMINED} messages. The server skips the subjects that do not match; each step
     * asks for the next message at or after a sequence, so the read starts at {@code from}, not at the stream's start.
     */
    public Page find(Filter filter, long from, int max) throws IOException {
        String stream = nats.streams().deadLetter().name();
        String subject = filter.subject() != null ? filter.subject() : nats.streams().deadLetter().subjectPrefix() + ".>";
        JetStreamManagement jsm = connection.jetStreamManagement();
        Long wanted = filter.sequence();
        if (wanted != null) {
            // one letter by its sequence: a single read
            if (wanted < from) {
                return new Page(List.of(), null);
            }
            MessageInfo info = StreamMessages.next(jsm, stream, wanted, subject);
            if (info == null || info.getSeq() != wanted) {
                return new Page(List.of(), null);
            }
            Letter letter = letter(info);
            return new Page(filter.matches(letter) ? List.of(letter) : List.of(), null);
        }
        List<Letter> letters = new ArrayList<>();
        long sequence = from;
        int examined = 0;
        while (letters.size() < max && examined < MAX_EXAMINED) {
            MessageInfo info = StreamMessages.next(jsm, stream, sequence, subject);
            if (info == null) {
                return new Page(letters, null);
            }
            examined++;
            sequence = info.getSeq() + 1;
            Letter letter = letter(info);
            if (filter.matches(letter)) {
                letters.add(letter);
            }
        }
        return new Page(letters, sequence);
    }

    private Letter letter(MessageInfo info) {
        return new Letter(info.getSeq(), info.getSubject(), info.getTime().toInstant(),
                info.getHeaders() == null ? null : info.getHeaders().getFirst(NatsMessageEventWriter.MSG_ID),
                (ObjectNode) mapper.readTree(info.getData()));
    }

    /**
     * The letter's input, from the message or, for a large letter, from the object store: only from the bridge's own
     * bucket ({@code bridge.nats.streams.dead-letter-payloads}) and only the object stored with this letter. Anyone who
     * may publish to the dead-letter subjects could otherwise make a replay read (and then delete) any object.
     */
    public JsonNode input(Letter letter) throws Exception {
        JsonNode ref = letter.body().path("inputRef");
        if (ref.isMissingNode()) {
            return letter.body().path("input");
        }
        checkOwnPayload(letter, ref);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        connection.objectStore(ref.path("bucket").asString()).get(ref.path("object").asString(), whole);
        return mapper.readTree(whole.toByteArray()).path("input");
    }

    public void remove(Letter letter) throws IOException, JetStreamApiException {
        connection.jetStreamManagement().deleteMessage(nats.streams().deadLetter().name(), letter.sequence());
        JsonNode ref = letter.body().path("inputRef");
        if (!ref.isMissingNode() && ownPayloadProblem(letter, ref) == null) {
            try {
                connection.objectStore(ref.path("bucket").asString()).delete(ref.path("object").asString());
            } catch (Exception alreadyGone) {
                // the letter is gone; a leftover payload expires with the bucket's TTL
            }
        }
    }

    private void checkOwnPayload(Letter letter, JsonNode ref) {
        String problem = ownPayloadProblem(letter, ref);
        if (problem != null) {
            throw new IllegalStateException("dead letter " + letter.sequence() + " " + problem + "; it is not replayed");
        }
    }

    /** Why {@code inputRef} is not a payload the bridge stored for this letter, or null if it is. */
    private String ownPayloadProblem(Letter letter, JsonNode ref) {
        String ownBucket = nats.streams().deadLetterPayloads();
        String bucket = ref.path("bucket").isString() ? ref.path("bucket").asString() : null;
        String object = ref.path("object").isString() ? ref.path("object").asString() : null;
        if (!ownBucket.equals(bucket)) {
            return "refers to object store bucket " + quoted(bucket) + ", not the bridge's own '" + ownBucket
                    + "' (bridge.nats.streams.dead-letter-payloads)";
        }
        if (object == null || !OWN_OBJECT_NAME.matcher(object).matches()) {
            return "refers to object " + quoted(object) + ", not a name the bridge gives (dlq-<id>)";
        }
        if (!object.equals(letter.id())) {
            return "refers to object " + quoted(object) + ", not the one stored with it (" + quoted(letter.id()) + ")";
        }
        return null;
    }

    /** A name from a letter, quoted and cut short for a message: it may be anything. */
    private static String quoted(String name) {
        if (name == null) {
            return "(none)";
        }
        String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
        return "'" + (printable.length() > 100 ? printable.substring(0, 100) + "..." : printable) + "'";
    }
}
