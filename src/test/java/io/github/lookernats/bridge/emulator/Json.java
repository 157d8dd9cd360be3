package io.github.lookernats.bridge.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Shared, thread-safe Jackson instances. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Generators never auto-complete open arrays on close, so a deliberately broken stream stays broken. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private Json() {
    }
}
