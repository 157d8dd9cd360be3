package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results rendered once into temporary files, so serving them again costs a file copy instead of generating every
 * row. Only for the benchmark: a real Looker renders on its own machine, while the emulator shares the bridge's cores.
 */
final class PrerenderedResults {

    private final Map<String, Path> files = new ConcurrentHashMap<>();

    void render(ResultFormat format, QueryResult result) {
        files.computeIfAbsent(key(format, result), key -> {
            try {
                Path file = Files.createTempFile("looker-emulator-result-", "." + format.name().toLowerCase());
                file.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(file)) {
                    ResultWriter writer = format.open(out, result);
                    writer.begin();
                    for (long row = 0; row < result.rows(); row++) {
                        writer.row(row);
                    }
                    writer.end();
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render a result ahead of time", e);
            }
        });
    }

    Optional<Path> find(ResultFormat format, QueryResult result) {
        return Optional.ofNullable(files.get(key(format, result)));
    }

    private static String key(ResultFormat format, QueryResult result) {
        return format + "|" + result.id() + "|" + result.query().fields();
    }

    /** Deletes the files; results are generated again until rendered anew. */
    void clear() {
        files.values().forEach(file -> file.toFile().delete());
        files.clear();
    }
}
