package io.github.lookernats.bridge.nats;

import java.util.ArrayList;
import java.util.Collections;
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
    private Throwable firstCause;

    synchronized void sent() {
        outstanding++;
    }

    synchronized void acknowledged() {
        outstanding--;
        acknowledged++;
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
