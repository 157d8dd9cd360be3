package io.github.lookernats.bridge.push.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** What the classes of the fuzz suite share: the JSON mapper, the HTTP client, the stream names, the Looker examples and the quoting of reports. */
final class FuzzSupport {

    static final String EVENTS = "LOOKER_EVENTS";
    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final Duration WAIT = Duration.ofSeconds(20);

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FuzzSupport() {
    }

    private static final Map<String, String> EXAMPLES = new ConcurrentHashMap<>();

    static String example(String name) {
        return EXAMPLES.computeIfAbsent(name, file -> {
            try (InputStream in = FuzzSupport.class.getResourceAsStream("/looker-examples/" + file)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static byte[] zip(Map<String, String> files, boolean stored) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                if (stored) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(content.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(content);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String excerpt(byte[] bytes, int max) {
        String text = new String(bytes, 0, Math.min(bytes.length, max * 2), StandardCharsets.UTF_8);
        return quote(text.length() > max ? text.substring(0, max) + "…" : text);
    }

    static String abbreviate(String text) {
        return text.length() > 60 ? quote(text.substring(0, 60)) + "…(" + text.length() + " chars)" : text;
    }

    /** Java-escaped, so control characters and invalid bytes show in a report. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x202E || c == 0xFFFD) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
