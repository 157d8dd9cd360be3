package io.github.lookernats.bridge.emulator;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;

/** Shared, thread-safe Jackson instances. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Generators never auto-complete open arrays on close, so a deliberately broken stream stays broken. */
    static final ObjectMapper STREAMING = MAPPER.rebuild()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private Json() {
    }
}
