package io.github.lookernats.bridge.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/** Pending faults, consumed first-in first-out by matching requests. */
final class FaultQueue {

    private final Deque<Fault> faults = new ArrayDeque<>();

    synchronized void add(Fault fault) {
        faults.addLast(fault);
    }

    /**
     * Removes and returns the oldest fault matching {@code path}, but only if it acts at the requested stage.
     * A matching fault of the other stage stays in place and hides younger ones, which keeps the order FIFO.
     */
    synchronized Fault take(String path, boolean midStream) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.matches(path)) {
                if (fault.kind().midStream() != midStream) {
                    return null;
                }
                it.remove();
                return fault;
            }
        }
        return null;
    }

    synchronized void clear() {
        faults.clear();
    }
}
