package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.EVENTS;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.WAIT;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Sees every event published (core subscription on {@code looker.>}) and every summary stored (an ordered
 * JetStream consumer). A barrier message on the same connection marks the end of a case: the bridge answers
 * only after its events are acknowledged, so the server has routed them to this connection before the barrier.
 */
final class EventObserver implements AutoCloseable {
    private final Connection nats;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Set<String> storedSummaries = ConcurrentHashMap.newKeySet();
    private final Dispatcher live;
    private final Dispatcher storedDispatcher;
    private final JetStreamSubscription stored;
    private long barrier;

    EventObserver(Connection nats) throws Exception {
        this.nats = nats;
        live = nats.createDispatcher(queue::add);
        live.subscribe("looker.>");
        live.subscribe("_FUZZ.barrier");
        nats.flush(Duration.ofSeconds(5));
        storedDispatcher = nats.createDispatcher();
        JetStream js = nats.jetStream();
        stored = js.subscribe("looker.*.*.summary", storedDispatcher,
                message -> storedSummaries.add(message.getHeaders().getFirst("Nats-Msg-Id")), false,
                PushSubscribeOptions.builder().stream(EVENTS).ordered(true).build());
    }

    List<Message> sinceLastCase() throws InterruptedException {
        String marker = Long.toString(++barrier);
        nats.publish("_FUZZ.barrier", marker.getBytes(StandardCharsets.US_ASCII));
        List<Message> events = new ArrayList<>();
        while (true) {
            Message next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new IllegalStateException("barrier " + marker + " not seen");
            }
            if (next.getSubject().equals("_FUZZ.barrier")) {
                if (marker.equals(new String(next.getData(), StandardCharsets.US_ASCII))) {
                    return events;
                }
            } else {
                events.add(next);
            }
        }
    }

    /** Messages until the next summary, for at most 10 s (stale barriers are skipped). */
    List<Message> awaitSummary() throws InterruptedException {
        List<Message> more = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Message next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return more;
            }
            if (!next.getSubject().equals("_FUZZ.barrier")) {
                more.add(next);
                if (next.getSubject().endsWith(".summary")) {
                    return more;
                }
            }
        }
    }

    boolean awaitStored(String id) {
        if (storedSummaries.contains(id)) {
            return true;
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> storedSummaries.contains(id));
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        nats.closeDispatcher(live);
        nats.closeDispatcher(storedDispatcher);
    }
}
