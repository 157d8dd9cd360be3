package io.github.lookernats.bridge.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How much heap the deliveries in progress may hold. A push costs up to seven times its body (measured: the bytes,
 * Jackson's text buffers and the attachment string, the parsed envelope), so a burst of big pushes could exhaust
 * the heap; beyond the budget the bridge answers 429 and Looker retries later. One delivery is always taken, so a
 * push as large as the (heap-capped) {@code max-body-size} still goes through on its own.
 */
final class DeliveryAdmission {

    static final int COPIES = PushProperties.HEAP_PER_BODY_BYTE;

    private final long budget;
    private final Counter refused;
    private long reserved;
    private int inProgress;

    DeliveryAdmission(long budget, MeterRegistry meters) {
        this.budget = budget;
        this.refused = Counter.builder("bridge.push.refused.busy")
                .description("Pushes answered 429 because deliveries in progress held the memory budget").register(meters);
        Gauge.builder("bridge.push.in.progress.bytes", this, admission -> admission.reservedNow())
                .description("Heap bytes reserved by deliveries in progress (seven per body byte)").register(meters);
    }

    /** Reserves room for a body of {@code bodyBytes}; false (and counted) when there is none. */
    synchronized boolean tryAdmit(long bodyBytes) {
        long wanted = Math.min(budget, COPIES * Math.max(bodyBytes, 1));
        if (inProgress > 0 && reserved + wanted > budget) {
            refused.increment();
            return false;
        }
        reserved += wanted;
        inProgress++;
        return true;
    }

    synchronized void release(long bodyBytes) {
        reserved -= Math.min(budget, COPIES * Math.max(bodyBytes, 1));
        inProgress--;
    }

    private synchronized long reservedNow() {
        return reserved;
    }
}
