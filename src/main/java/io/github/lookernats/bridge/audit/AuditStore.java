package io.github.lookernats.bridge.audit;

import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.camel.events.NatsMessageEventWriter;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.nats.StreamMessages;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the audit trail a page at a time, by stream sequence. Kind, team and route narrow the subject, so the server
 * skips the rest; a start time is found by bisecting the stream (its records are in time order), so a query for last
 * week does not read the year before it.
 */
@Component
public class AuditStore {

    /** Most records one call examines past the subject filter; the page then says where to go on. */
    public static final int MAX_EXAMINED = 10_000;

    /** A stored record: stream sequence, subject, storage time, CloudEvents type and the record itself. */
    public record Entry(long sequence, String subject, Instant storedAt, String type, JsonNode record) {}

    /**
     * Which records; a filter left null matches all.
     *
     * @param kind {@code delivery}, {@code grant}, {@code grant-refused} or {@code admin}
     * @param team a delivery's team
     * @param route a delivery's route
     * @param runId a delivery's run id
     * @param since records stored at or after
     * @param until records stored before
     */
    public record Filter(String kind, String team, String route, String runId, Instant since, Instant until) {

        boolean matches(Entry entry, Headers headers) {
            return (since == null || !entry.storedAt().isBefore(since))
                    && (until == null || entry.storedAt().isBefore(until))
                    && (runId == null || headers != null
                            && runId.equals(headers.getFirst(NatsMessageEventWriter.CE_PREFIX + AuditTrail.RUN_ID)));
        }
    }

    /** @param next where the next page starts, or null when the stream holds nothing further for now */
    public record Page(List<Entry> entries, Long next) {}

    private final Connection connection;
    private final NatsProperties nats;
    private final ObjectMapper mapper;

    public AuditStore(Connection natsConnection, NatsProperties nats, ObjectMapper mapper) {
        this.connection = natsConnection;
        this.nats = nats;
        this.mapper = mapper;
    }

    public Page find(Filter filter, long from, int max) throws IOException {
        String stream = nats.streams().audit().name();
        String subject = subject(filter);
        JetStreamManagement jsm = connection.jetStreamManagement();
        long sequence = filter.since() == null ? from : Math.max(from, firstAtOrAfter(jsm, stream, filter.since()));
        List<Entry> entries = new ArrayList<>();
        int examined = 0;
        while (entries.size() < max && examined < MAX_EXAMINED) {
            MessageInfo info = StreamMessages.next(jsm, stream, sequence, subject);
            if (info == null) {
                return new Page(entries, null);
            }
            examined++;
            sequence = info.getSeq() + 1;
            Entry entry = entry(info);
            if (filter.until() != null && !entry.storedAt().isBefore(filter.until())) {
                return new Page(entries, null); // in time order: nothing later can match
            }
            if (filter.matches(entry, info.getHeaders())) {
                entries.add(entry);
            }
        }
        return new Page(entries, sequence);
    }

    /** {@code <prefix>.<kind>.<team>.<route>} for deliveries; other kinds have no team or route token. */
    private String subject(Filter filter) {
        String prefix = nats.streams().audit().subjectPrefix();
        if (filter.team() != null || filter.route() != null || "delivery".equals(filter.kind())) {
            return prefix + ".delivery." + token(filter.team()) + "." + token(filter.route());
        }
        if (filter.kind() == null) {
            return prefix + ".>";
        }
        return switch (filter.kind()) {
            case "grant", "grant-refused" -> prefix + "." + filter.kind();
            default -> prefix + "." + SubjectNames.token(filter.kind()) + ".>";
        };
    }

    private static String token(String value) {
        return value == null ? "*" : SubjectNames.token(value);
    }

    /** The first sequence stored at or after {@code since}: a bisection over the stream's sequences. */
    private static long firstAtOrAfter(JetStreamManagement jsm, String stream, Instant since) throws IOException {
        StreamState state;
        try {
            state = jsm.getStreamInfo(stream).getStreamState();
        } catch (JetStreamApiException e) {
            throw new IOException("reading the audit stream " + stream + " failed: " + e.getMessage(), e);
        }
        long low = state.getFirstSequence();
        long high = state.getLastSequence() + 1;
        while (low < high) {
            long middle = low + (high - low) / 2;
            MessageInfo info = StreamMessages.next(jsm, stream, middle, ">");
            if (info == null || !info.getTime().toInstant().isBefore(since)) {
                high = middle;
            } else {
                low = info.getSeq() + 1;
            }
        }
        return Math.max(low, 1);
    }


    private Entry entry(MessageInfo info) {
        Headers headers = info.getHeaders();
        return new Entry(info.getSeq(), info.getSubject(), info.getTime().toInstant(),
                headers == null ? null : headers.getFirst(NatsMessageEventWriter.CE_PREFIX + "type"),
                mapper.readTree(info.getData()));
    }
}
