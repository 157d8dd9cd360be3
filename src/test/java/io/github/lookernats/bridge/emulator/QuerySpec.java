package io.github.lookernats.bridge.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writable part of a Looker {@code Query}. Saved queries carry their slug as {@code id} (API 4.0 uses slugs as
 * query ids); inline queries have a {@code null} id.
 *
 * @param limit the query's own row limit as Looker stores it: a string, {@code "-1"} for unlimited, or {@code null}
 */
record QuerySpec(String id, String model, String view, List<String> fields, Map<String, String> filters,
                 List<String> sorts, String limit, String clientId) {

    QuerySpec {
        fields = List.copyOf(fields);
        // Insertion order is kept: Map.copyOf iterates in a per-JVM random order, which would break byte-identical output.
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        sorts = List.copyOf(sorts);
    }

    /** Stable identity of the data set, so equal requests produce byte-identical results. */
    String dataKey() {
        return id != null ? id : model + "::" + view + "::" + String.join(",", fields);
    }
}
