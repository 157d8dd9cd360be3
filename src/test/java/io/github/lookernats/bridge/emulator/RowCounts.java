package io.github.lookernats.bridge.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Row counts configured by tests, keyed by look id, query id or {@link #INLINE}. */
final class RowCounts {

    /** Key for queries posted to POST /queries/run/{result_format}. */
    static final String INLINE = "inline";

    private final Map<String, Long> rows = new ConcurrentHashMap<>();

    void set(String key, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("row count must be >= 0: " + count);
        }
        rows.put(key, count);
    }

    /**
     * Rows available for a result: the first configured key wins, so a look and its saved query share one setting
     * whichever endpoint runs them.
     */
    long resolve(long fallback, String... keys) {
        for (String key : keys) {
            if (key != null && rows.containsKey(key)) {
                return rows.get(key);
            }
        }
        return fallback;
    }

    void clear() {
        rows.clear();
    }
}
