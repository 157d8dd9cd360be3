package io.github.lookernats.camel.nats;

import java.util.ArrayList;
import java.util.Collections;
import io.nats.client.api.PublishAck;
import java.util.List;

/**
 * The acknowledgements one run is still waiting for. Every publish is counted in, and counted out when JetStream
 * acknowledges it or it finally fails; a failure is kept with the event's id, so nothing is forgotten.
 */
public final class AckWindow {

    /** Exchange property holding the run's window. */
    public static final String PROPERTY = "bridgeAckWindow";

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private long outstanding;
    private long acknowledged;
    private long duplicates;
    private long firstSequence;
    private long lastSequence;
    private String stream;
    private Throwable firstCause;

    synchronized void sent() {
        outstanding++;
    }

    synchronized void acknowledged(PublishAck ack) {
        outstanding--;
        acknowledged++;
        if (ack.isDuplicate()) {
            duplicates++;
        }
        // a duplicate's ack names the sequence of the message already stored, so it belongs in the range too
        long sequence = ack.getSeqno();
        firstSequence = firstSequence == 0 ? sequence : Math.min(firstSequence, sequence);
        lastSequence = Math.max(lastSequence, sequence);
        stream = ack.getStream();
        notifyAll();
    }

    synchronized void failed(String messageId, Throwable cause) {
        outstanding--;
        failures.add(messageId);
        if (firstCause == null) {
            firstCause = cause;
        }
        notifyAll();
    }

    /** True once any event of the run finally failed: the run cannot complete, so stop reading. */
    public synchronized boolean hasFailed() {
        return !failures.isEmpty();
    }

    public synchronized long acknowledgedCount() {
        return acknowledged;
    }

    /** What JetStream acknowledged so far: the stream, the range of sequences, and how many were already stored. */
    public synchronized Acknowledged acknowledgements() {
        return new Acknowledged(stream, firstSequence, lastSequence, acknowledged, duplicates);
    }

    /**
     * @param stream the stream that acknowledged, or null when nothing was
     * @param firstSequence lowest stream sequence acknowledged, 0 when none
     * @param lastSequence highest stream sequence acknowledged, 0 when none
     * @param count events acknowledged
     * @param duplicates of those, events JetStream already held (same {@code Nats-Msg-Id}) and did not store again
     */
    public record Acknowledged(String stream, long firstSequence, long lastSequence, long count, long duplicates) {}

    /**
     * Waits until every event sent so far is acknowledged or has failed.
     *
     * @throws UnacknowledgedEventsException naming the events JetStream did not take
     */
    public synchronized void awaitAll(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (outstanding > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new UnacknowledgedEventsException(outstanding + " events still unacknowledged after "
                        + timeoutMillis + " ms", null);
            }
            wait(left);
        }
        if (!failures.isEmpty()) {
            throw new UnacknowledgedEventsException(failures.size() + " events were not acknowledged by JetStream (first: "
                    + failures.get(0) + ")", firstCause);
        }
    }
}
