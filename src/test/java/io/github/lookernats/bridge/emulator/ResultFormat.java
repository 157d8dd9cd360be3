package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/** The result formats the emulator can produce; Looker has more (xlsx, png, ...) that answer 400 here. */
enum ResultFormat {

    JSON("json", "application/json"),
    JSON_DETAIL("json_detail", "application/json"),
    CSV("csv", "text/csv; charset=utf-8");

    private final String pathName;
    private final String contentType;

    ResultFormat(String pathName, String contentType) {
        this.pathName = pathName;
        this.contentType = contentType;
    }

    static Optional<ResultFormat> fromPath(String name) {
        return Arrays.stream(values()).filter(format -> format.pathName.equals(name)).findFirst();
    }

    String contentType() {
        return contentType;
    }

    ResultWriter open(OutputStream body, QueryResult result) throws IOException {
        return switch (this) {
            case JSON -> new JsonRowsWriter(body, result);
            case JSON_DETAIL -> new JsonDetailWriter(body, result);
            case CSV -> new CsvRowsWriter(body, result);
        };
    }
}
