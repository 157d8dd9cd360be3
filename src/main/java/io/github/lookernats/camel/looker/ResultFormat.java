package io.github.lookernats.camel.looker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Result formats the bridge can stream row by row. */
public enum ResultFormat {
    /** Array of row objects keyed by {@code view.field} with raw values. */
    JSON("json"),
    /** Object with {@code fields} metadata and {@code data} rows of cells ({@code value}, {@code rendered}, ...). */
    JSON_DETAIL("json_detail");

    private final String wireName;

    ResultFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ResultFormat fromWireName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported format '" + name + "' (supported: "
                        + Arrays.stream(values()).map(ResultFormat::wireName).collect(Collectors.joining(", ")) + ")"));
    }
}
